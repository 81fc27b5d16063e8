// The event breakpoints (DAP exception filters): one per stop kind of the replay runtime, with a label.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { StopKind } from '@rewind/sdk/internal/debug/types';

/** Keyed by StopKind, so a kind the runtime adds and this file lacks is a compile error. */
const LABELS: Readonly<Record<StopKind, string>> = {
  activityFailed: 'Activity failed',
  activityRetried: 'Activity retried',
  signalReceived: 'Signal received',
  timerFired: 'Timer fired',
  childWorkflowFinished: 'Child workflow finished',
  nonDeterminism: 'Non-determinism',
};

const DESCRIPTIONS: Readonly<Record<StopKind, string>> = {
  activityFailed: 'Stop where an activity failed or timed out',
  activityRetried: 'Stop where an activity that was retried completed or failed',
  signalReceived: 'Stop where the workflow received a signal',
  timerFired: 'Stop where a timer fired',
  childWorkflowFinished: 'Stop where a child workflow finished',
  nonDeterminism: 'Stop where the code no longer matches the history',
};

const ON_BY_DEFAULT: ReadonlySet<StopKind> = new Set<StopKind>(['nonDeterminism']);

export const STOP_KIND_IDS = Object.keys(LABELS) as StopKind[];

export function stopLabel(kind: StopKind): string {
  return LABELS[kind];
}

export function isStopKind(id: string): id is StopKind {
  return Object.prototype.hasOwnProperty.call(LABELS, id);
}

export function exceptionFilters(): DebugProtocol.ExceptionBreakpointsFilter[] {
  return STOP_KIND_IDS.map((kind) => ({
    filter: kind,
    label: LABELS[kind],
    description: DESCRIPTIONS[kind],
    default: ON_BY_DEFAULT.has(kind),
  }));
}

export function defaultStopKinds(): Set<StopKind> {
  return new Set(ON_BY_DEFAULT);
}
