// The messages between the Show History panel (extension host) and its webview script: one union per
// direction, discriminated on `type`. Both sides import this file; nothing else crosses.
import type { HistoryEvent, PendingActivityInfo } from '@rewind/sdk/protocol';
import type { HistoryView } from '../model/history-view-model';
import type { WaitSite } from '../model/stack-trace';
import type { FactLine } from '../model/run-facts';

/** What the webview shows about the run besides its events. */
export interface RunHeader {
  workflowId: string;
  runId: string;
  workflowType: string;
}

/**
 * HistoryEvent[] as JSON text: one string crosses the hops to the webview (extension host, workbench,
 * iframes) far faster than 10,000 objects copied at each; the webview parses it once.
 */
export type EventsJson = string & { readonly __eventsJson: true };

export function eventsJson(events: readonly HistoryEvent[]): EventsJson {
  return JSON.stringify(events) as EventsJson;
}

export function parseEvents(json: EventsJson): HistoryEvent[] {
  return JSON.parse(json) as HistoryEvent[];
}

export type ToHistoryWebview =
  /** The history so far (sent again whenever the webview (re)loads): replaces what it shows. */
  | { type: 'init'; run: RunHeader; events: EventsJson; closed: boolean; view: HistoryView }
  /** Events that follow the last ones sent; `closed` once the run has closed; `loading`: the rest of `init`'s history (no scrolling to the tail). */
  | { type: 'events'; events: EventsJson; closed: boolean; loading?: boolean }
  /** Where the open run waits (from `__stack_trace`), or why that cannot be told; empty once closed. */
  | { type: 'waitingAt'; sites: WaitSite[]; note?: string }
  /** Switch the view (the tests and the panel's state use it; the webview's buttons do the same). */
  | { type: 'setView'; view: HistoryView }
  /** Something went wrong reading or following the history. */
  | { type: 'error'; message: string }
  /** The event a `rewind` debug session of this run is at (highlighted and revealed); null once it ends. */
  | { type: 'debugPosition'; eventId: number | null }
  /** The open run's activities as the server sees them (attempt, next retry); empty once it closed. */
  | { type: 'pendingActivities'; activities: PendingActivityInfo[] };

export type FromHistoryWebview =
  /** The script runs and listens: send it `init`. */
  | { type: 'ready' }
  /** A paint finished: which view, how many rows it has, the last event it includes, whose details the pane shows. */
  | {
      type: 'rendered';
      view: HistoryView;
      rows: number;
      eventCount: number;
      lastEventId: number;
      debugEventId: number | null;
      detailsEventId: number | null;
      /** The run at a glance, as the header shows it (failed lines in red). */
      facts: FactLine[];
      /** The icon the header's status badge draws (an inline SVG's name), if any. */
      stateIcon: string | null;
    }
  /** The user clicked a wait site: open that file at that line. */
  | { type: 'openSource'; file: string; line: number; column: number }
  /** The user asked for the whole history in an editor as JSON. */
  | { type: 'openJson' }
  /** The user picked a row while a debug session follows the history: move the debugger to this event. */
  | { type: 'goToEvent'; eventId: number }
  /** The user opened a related run (a child, the parent, the run reset or continued from): show its history. */
  | { type: 'openRun'; workflowId: string; runId?: string };
