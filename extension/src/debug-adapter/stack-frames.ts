// The Call Stack at a position: the current event at its source line, then one frame per coroutine
// the workflow awaits, at the line where it began to wait.
import path from 'node:path';
import { Source, StackFrame } from '@vscode/debugadapter';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import type { PositionView, SourceLocation } from '@rewind/sdk/internal/debug/types';

/** Maps a runtime path and line to the client's conventions (DebugSession's converters). */
export interface ClientConventions {
  path(file: string): string;
  line(line: number): number;
  column(column: number): number;
}

/** The name of an event in the Call Stack: its type, what it concerns, and its id. */
export function eventTitle(events: readonly HistoryEvent[], e: HistoryEvent, summary: string): string {
  let what = /^\w+\((.*)\)$/.exec(summary)?.[1];
  if (what === undefined && 'scheduledEventId' in e) {
    const scheduled = events[e.scheduledEventId - 1];
    if (scheduled?.type === 'ActivityTaskScheduled') what = scheduled.activityType;
  }
  return `${e.type}${what ? ` ${what}` : ''} (event ${e.eventId})`;
}

function frame(id: number, name: string, at: SourceLocation | undefined, client: ClientConventions): StackFrame {
  if (!at) {
    const f = new StackFrame(id, name);
    f.presentationHint = 'label';
    return f;
  }
  return new StackFrame(id, name, new Source(path.basename(at.file), client.path(at.file)), client.line(at.line), client.column(at.column));
}

/** The code site behind each frame of `stackFrames` (by frame id: 0 the event's line, i + 1 pending coroutine i). */
export function frameSites(view: PositionView): (number | undefined)[] {
  return [view.info.site, ...view.pending.map((p) => p.site)];
}

export function stackFrames(events: readonly HistoryEvent[], view: PositionView, client: ClientConventions): StackFrame[] {
  const e = events[view.position - 1]!;
  const top = frame(0, eventTitle(events, e, view.event.summary), view.info.location, client);
  const pending = view.pending.map((p, i) =>
    frame(i + 1, `${p.what}${p.location?.functionName ? ` in ${p.location.functionName}` : ''}`, p.location, client),
  );
  return [top, ...pending];
}
