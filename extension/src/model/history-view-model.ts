// What the Show History webview shows, from a run's events: the compact view (one row per step, the
// SDK's history-steps.ts), the full view (one row per event) and the raw view (each event as
// JSON). Plain code with no vscode import: the webview script bundles it, tests time and check it.
// Every function is linear in the events it is given. Appending events costs only their rows; the
// steps are regrouped when asked for (the compact view), and a row's text is made when it is drawn.
import type { HistoryEvent, Payload, PendingActivityInfo } from '@rewind/sdk/protocol';
import { historySteps, RUN_STEP_STATE, type Step, type StepState } from '@rewind/sdk/internal/history/history-steps';
import { runStatusAfter } from '@rewind/sdk/internal/history/run-status';
import { eventCategory, eventDetails, eventSummary, isFailureEvent, type DetailSection, type EventCategory } from './history-event-text';
import { briefArgs, briefFailure, briefValue, prettyFailure, prettyValue } from './payload-text';
import { stepTimingText } from './step-timing';

export type HistoryView = 'compact' | 'full' | 'raw';
export const HISTORY_VIEWS: readonly HistoryView[] = ['compact', 'full', 'raw'];

/** One row of the full view. */
export interface EventRow {
  eventId: number;
  /** The time of day (HH:MM:SS.mmm, UTC) the server recorded it. */
  time: string;
  type: HistoryEvent['type'];
  summary: string;
  category: EventCategory;
  failed: boolean;
}

/** One row of the compact view: a step, with its outcome in a line. */
export interface StepRow {
  step: Step;
  /** `input → result` or `input → failure`, on one line. */
  summary: string;
  /** The input and the outcome (result or failure) apart: a row gives the outcome its own room. */
  input: string;
  outcome: string;
  /** How long it took (or has been running, as of the last event). */
  duration: string;
}

export type RunState = StepState | 'unknown';

export interface HistoryViewModel {
  events: HistoryEvent[];
  rows: EventRow[];
  /** The workflow's own state, from its first and closing events. */
  state: RunState;
  /** The steps as of `count` events (see `modelSteps`). */
  grouped?: { count: number; steps: Step[] };
}

/** The whole view model of a history (what a benchmark times: the steps are grouped too). */
export function buildHistoryViewModel(events: readonly HistoryEvent[]): HistoryViewModel {
  const model: HistoryViewModel = { events: [], rows: [], state: 'unknown' };
  appendEvents(model, events);
  modelSteps(model);
  return model;
}

/** The compact view's steps (the SDK's history-steps.ts), grouped again only if events came since the last call. */
export function modelSteps(model: HistoryViewModel): Step[] {
  if (model.grouped?.count !== model.events.length) model.grouped = { count: model.events.length, steps: historySteps(model.events) };
  return model.grouped.steps;
}

/** The time of the model's last event (a step still open has lasted until then). */
export function lastEventTime(model: HistoryViewModel): string {
  return model.events[model.events.length - 1]?.eventTime ?? '';
}

/**
 * Adds events that follow the model's last one (older or repeated ones are ignored, so a batch that
 * overlaps what the model has is fine). Returns how many were added.
 */
export function appendEvents(model: HistoryViewModel, events: readonly HistoryEvent[]): number {
  let next = (model.events[model.events.length - 1]?.eventId ?? 0) + 1;
  let added = 0;
  for (const e of events) {
    if (e.eventId < next) continue;
    if (e.eventId !== next) throw new Error(`History event ${e.eventId} arrived where ${next} was expected: the history has a gap.`);
    model.events.push(e);
    model.rows.push(eventRow(e));
    const status = runStatusAfter(e.type);
    if (status) model.state = RUN_STEP_STATE[status];
    next++;
    added++;
  }
  return added;
}

export function eventRow(e: HistoryEvent): EventRow {
  return {
    eventId: e.eventId,
    time: e.eventTime.slice(11, 23),
    type: e.type,
    summary: eventSummary(e),
    category: eventCategory(e),
    failed: isFailureEvent(e),
  };
}

/**
 * A step's row text: made only for the rows drawn. The input and the outcome also apart (the row
 * gives the outcome a cell of its own, so that a long input cannot hide it). `now`, while the run is open: an open step's time is how long it has been open as of now
 * (a timer's, when it fires), read with the run's `events`; an activity's next retry from `pending`.
 */
export function stepRow(
  step: Step,
  lastEventTime: string,
  now?: number,
  events: readonly HistoryEvent[] = [],
  pending?: PendingActivityInfo,
): StepRow {
  const outcome = step.failure ? briefFailure(step.failure, 60) : step.result !== undefined ? briefValue(step.result, 60) : '';
  const noInput = step.kind === 'timer' || step.kind === 'marker' || step.kind === 'cancelRequest';
  const input = noInput ? '' : briefArgs(step.input, 60);
  return {
    step,
    summary: outcome ? `${input} → ${outcome}` : input,
    input,
    outcome,
    duration: stepTimingText(step, events, lastEventTime, now, pending),
  };
}

/** The pretty-printed input, result and failure of a step, and which events it spans. */
export function stepDetails(step: Step): DetailSection[] {
  const out: DetailSection[] = [];
  if (step.input !== undefined) out.push({ title: 'Input', text: prettyValue(step.input as Payload[]) });
  if (step.result !== undefined) out.push({ title: 'Result', text: prettyValue(step.result) });
  if (step.failure) out.push({ title: step.state === 'running' ? 'Last failure' : 'Failure', text: prettyFailure(step.failure) });
  const attempt = step.attempt !== undefined ? `, attempt ${step.attempt}` : '';
  out.push({
    title: 'Events',
    text: `${step.firstEventId}–${step.lastEventId}: ${step.state}${attempt}, began ${step.startTime}${step.endTime ? `, ended ${step.endTime}` : ''}`,
  });
  return out;
}

export { eventDetails };

/** One line of the raw view: the event as compact JSON. */
export function rawLine(e: HistoryEvent): string {
  return JSON.stringify(e);
}

/** The whole history as the JSON `rewind workflow show --output json` writes (for "Open as JSON"). */
export function historyJson(workflowId: string, runId: string, events: readonly HistoryEvent[]): string {
  return JSON.stringify({ workflowId, runId, events }, null, 2);
}

/** The index of the row holding `eventId` in the compact view (the step that spans it), or -1. */
export function stepIndexOfEvent(steps: readonly Step[], eventId: number): number {
  // Steps are in the order they began: binary search for the last one that began at or before it.
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]!.firstEventId <= eventId) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
