// The one table of how a run closes: each event that closes a run and the status it closes it in.
import type { ExecutionStatus, HistoryEventType } from '../protocol';

/** The events that close a run, and the status each closes it in. */
export const CLOSING_EVENT_STATUS = {
  WorkflowExecutionCompleted: 'COMPLETED',
  WorkflowExecutionFailed: 'FAILED',
  WorkflowExecutionCanceled: 'CANCELLED',
  WorkflowExecutionTerminated: 'TERMINATED',
  WorkflowExecutionTimedOut: 'TIMED_OUT',
  WorkflowExecutionContinuedAsNew: 'CONTINUED_AS_NEW',
} as const satisfies Partial<Record<HistoryEventType, ExecutionStatus>>;

export type ClosingEventType = keyof typeof CLOSING_EVENT_STATUS;

/** The types of the events that close a run (nothing may follow one). */
export const CLOSING_EVENT_TYPES: ReadonlySet<HistoryEventType> = new Set(Object.keys(CLOSING_EVENT_STATUS) as ClosingEventType[]);

const STATUS_AFTER: Partial<Record<HistoryEventType, ExecutionStatus>> = { WorkflowExecutionStarted: 'RUNNING', ...CLOSING_EVENT_STATUS };

/** The run's status after an event of this type, if the event sets it (the run's start, or an event that closes it). */
export function runStatusAfter(type: HistoryEventType): ExecutionStatus | undefined {
  return STATUS_AFTER[type];
}
