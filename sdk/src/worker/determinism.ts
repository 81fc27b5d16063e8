// The replay check: the commands the code issues for a task must be, in order, the ones its history
// holds. A mismatch becomes a DeterminismViolationError that names the event, both sides, the source
// line that issued the command, and what to do.
import { DeterminismViolationError } from '../common/errors';
import { formatMs } from '../common/duration';
import { assertNever } from '../common/type-helpers';
import type { Command, HistoryEvent } from '../protocol';
import { formatLocation, type SourceLocation } from './source-map';

export interface Mismatch {
  /** Index of the command (and event) in the task. */
  index: number;
  command?: Command;
  event?: HistoryEvent;
}

export function describeCommand(c: Command): string {
  switch (c.type) {
    case 'ScheduleActivityTask':
      return `ScheduleActivityTask(${c.activityType})`;
    case 'RequestCancelActivityTask':
      return `RequestCancelActivityTask(activity #${c.seq})`;
    case 'StartTimer':
      return `StartTimer(${formatMs(c.startToFireTimeoutMs)})`;
    case 'CancelTimer':
      return `CancelTimer(timer #${c.seq})`;
    case 'RecordMarker':
      return `RecordMarker(${c.markerName})`;
    case 'UpsertWorkflowSearchAttributes':
      return `UpsertWorkflowSearchAttributes(${Object.keys(c.searchAttributes).join(', ')})`;
    case 'CompleteWorkflowExecution':
      return 'CompleteWorkflowExecution';
    case 'FailWorkflowExecution':
      return 'FailWorkflowExecution';
    case 'CancelWorkflowExecution':
      return 'CancelWorkflowExecution';
    case 'ContinueAsNewWorkflowExecution':
      return `ContinueAsNewWorkflowExecution(${c.workflowType})`;
    default:
      return assertNever(c);
  }
}

export function describeEvent(e: HistoryEvent): string {
  switch (e.type) {
    case 'ActivityTaskScheduled':
      return `ActivityTaskScheduled(${e.activityType})`;
    case 'TimerStarted':
      return `TimerStarted(${formatMs(e.startToFireTimeoutMs)})`;
    case 'MarkerRecorded':
      return `MarkerRecorded(${e.markerName})`;
    default:
      return e.type;
  }
}

/** Whether a command is the one that produced an event (its kind and identity; not its arguments). */
export function commandMatches(c: Command, e: HistoryEvent, activitySeq: (scheduledEventId: number) => number | undefined): boolean {
  switch (c.type) {
    case 'ScheduleActivityTask':
      return e.type === 'ActivityTaskScheduled' && e.activityType === c.activityType && e.activityId === c.activityId;
    case 'RequestCancelActivityTask':
      return e.type === 'ActivityTaskCancelRequested' && activitySeq(e.scheduledEventId) === c.seq;
    case 'StartTimer':
      return e.type === 'TimerStarted' && e.timerId === String(c.seq);
    case 'CancelTimer':
      return e.type === 'TimerCanceled' && e.timerId === String(c.seq);
    case 'RecordMarker':
      return e.type === 'MarkerRecorded' && e.markerName === c.markerName;
    case 'UpsertWorkflowSearchAttributes':
      return e.type === 'UpsertWorkflowSearchAttributes';
    case 'CompleteWorkflowExecution':
      return e.type === 'WorkflowExecutionCompleted';
    case 'FailWorkflowExecution':
      return e.type === 'WorkflowExecutionFailed';
    case 'CancelWorkflowExecution':
      return e.type === 'WorkflowExecutionCanceled';
    case 'ContinueAsNewWorkflowExecution':
      return e.type === 'WorkflowExecutionContinuedAsNew';
    default:
      return assertNever(c);
  }
}

export function findMismatch(
  commands: readonly Command[],
  events: readonly HistoryEvent[],
  activitySeq: (scheduledEventId: number) => number | undefined,
): Mismatch | undefined {
  const n = Math.max(commands.length, events.length);
  for (let i = 0; i < n; i++) {
    const command = commands[i];
    const event = events[i];
    if (!command || !event || !commandMatches(command, event, activitySeq)) {
      return { index: i, ...(command ? { command } : {}), ...(event ? { event } : {}) };
    }
  }
  return undefined;
}

export interface MismatchContext {
  workflowId: string;
  workflowType: string;
  /** The last event of the task, when history has no event at the mismatch. */
  taskStartedEventId: number;
  /** Where the code issued the mismatching command, if it issued one. */
  location?: SourceLocation;
}

/** The error for a mismatch; its message is what a user reads in the log, the CLI and the debugger. */
export function determinismError(m: Mismatch, ctx: MismatchContext): DeterminismViolationError {
  const where = m.command ? ` at ${formatLocation(ctx.location)}` : '';
  const eventId = m.event?.eventId ?? ctx.taskStartedEventId;
  const holds = m.event ? `history holds ${describeEvent(m.event)}` : 'history holds no further command for this workflow task';
  const issued = m.command ? `the code issued ${describeCommand(m.command)}${where}` : 'the code issued nothing';
  const err = new DeterminismViolationError(
    `Workflow ${ctx.workflowId} (${ctx.workflowType}) is not deterministic at event ${eventId}: ${holds}, but ${issued}. ` +
      `If you changed the workflow on purpose, keep the old path for running workflows with patched('your-change-id'); ` +
      `otherwise revert the change. The workflow waits (it is not failed) until code that matches its history runs.`,
  );
  Object.assign(err, { eventId, location: ctx.location, expected: m.event, issued: m.command });
  return err;
}
