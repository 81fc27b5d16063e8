// Child workflows and other workflows: starting children, hearing how they ended, and signalling or
// cancelling other workflows. The engine records the commands and asks the service (RunEffect) to act
// on the other runs; the service reports back through the functions below.
import type { CommandOf, WorkflowOutcome } from '@rewind/sdk/protocol';
import { assertNever } from '@rewind/sdk/internal/common/type-helpers';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RunTransition } from './transition';
import { workflowEventArrived } from './workflow-task';

export function initiateChild(tx: RunTransition, c: CommandOf<'StartChildWorkflowExecution'>, workflowTaskCompletedEventId: number): void {
  const state = tx.state;
  // A timeout of 0 is none.
  const timeouts = definedFields({
    workflowExecutionTimeoutMs: c.workflowExecutionTimeoutMs || undefined,
    workflowRunTimeoutMs: c.workflowRunTimeoutMs || undefined,
    workflowTaskTimeoutMs: c.workflowTaskTimeoutMs || undefined,
  });
  const event = tx.append({
    type: 'StartChildWorkflowExecutionInitiated',
    workflowId: c.workflowId,
    workflowType: c.workflowType,
    taskQueue: c.taskQueue,
    input: c.args,
    parentClosePolicy: c.parentClosePolicy,
    ...timeouts,
    workflowTaskCompletedEventId,
    ...definedFields({ header: c.header }),
  });
  state.children[event.eventId] = {
    initiatedEventId: event.eventId,
    seq: c.seq,
    workflowId: c.workflowId,
    workflowType: c.workflowType,
    parentClosePolicy: c.parentClosePolicy,
  };
  tx.effects.push({
    type: 'startChild',
    parentRunId: state.runId,
    initiatedEventId: event.eventId,
    ...(c.workflowIdReusePolicy ? { reusePolicy: c.workflowIdReusePolicy } : {}),
    start: {
      namespace: state.namespace,
      workflowId: c.workflowId,
      runId: '',
      workflowType: c.workflowType,
      taskQueue: c.taskQueue,
      args: c.args,
      requestId: `child-of-${state.runId}-${event.eventId}`,
      ...timeouts,
      ...definedFields({
        cronSchedule: c.cronSchedule || undefined,
        memo: c.memo,
        searchAttributes: c.searchAttributes,
        searchAttributeTypes: c.searchAttributeTypes,
        header: c.header,
        // The child's start: its summary and details are the run's, as the command's are its initiation's.
        userMetadata: c.userMetadata,
      }),
      parent: { namespace: state.namespace, workflowId: state.workflowId, runId: state.runId, initiatedEventId: event.eventId },
    },
  });
}

export function childStarted(tx: RunTransition, initiatedEventId: number, runId: string): void {
  const child = tx.state.children[initiatedEventId];
  if (!child || child.runId) return;
  const event = tx.append({
    type: 'ChildWorkflowExecutionStarted',
    workflowId: child.workflowId,
    runId,
    workflowType: child.workflowType,
    initiatedEventId,
  });
  child.runId = runId;
  child.startedEventId = event.eventId;
  workflowEventArrived(tx);
}

export function childStartFailed(tx: RunTransition, initiatedEventId: number): void {
  const child = tx.state.children[initiatedEventId];
  if (!child || child.runId) return;
  tx.append({
    type: 'StartChildWorkflowExecutionFailed',
    workflowId: child.workflowId,
    workflowType: child.workflowType,
    cause: 'WORKFLOW_ALREADY_EXISTS',
    initiatedEventId,
  });
  delete tx.state.children[initiatedEventId];
  workflowEventArrived(tx);
}

/** The child closed (a continued child reports when its last run closes). */
export function childClosed(tx: RunTransition, initiatedEventId: number, runId: string, outcome: WorkflowOutcome): void {
  const child = tx.state.children[initiatedEventId];
  if (!child || outcome.status === 'CONTINUED_AS_NEW') return;
  const ids = { workflowId: child.workflowId, runId, initiatedEventId, startedEventId: child.startedEventId ?? 0 };
  switch (outcome.status) {
    case 'COMPLETED':
      tx.append({ type: 'ChildWorkflowExecutionCompleted', ...ids, ...definedFields({ result: outcome.result }) });
      break;
    case 'FAILED':
      tx.append({ type: 'ChildWorkflowExecutionFailed', ...ids, failure: outcome.failure, retryState: 'NON_RETRYABLE_FAILURE' });
      break;
    case 'CANCELLED':
      tx.append({ type: 'ChildWorkflowExecutionCanceled', ...ids, ...definedFields({ details: outcome.details }) });
      break;
    case 'TIMED_OUT':
      tx.append({ type: 'ChildWorkflowExecutionTimedOut', ...ids, retryState: 'TIMEOUT' });
      break;
    case 'TERMINATED':
      tx.append({ type: 'ChildWorkflowExecutionTerminated', ...ids });
      break;
    default:
      assertNever(outcome);
  }
  delete tx.state.children[initiatedEventId];
  workflowEventArrived(tx);
}

/** A signal or a cancel request the workflow sends to another workflow. */
type ExternalCommand = CommandOf<'SignalExternalWorkflowExecution'> | CommandOf<'RequestCancelExternalWorkflowExecution'>;

/** How each kind of external command is answered in history: delivered to a run, or no such run. */
const ANSWER_EVENTS = {
  signal: { delivered: 'ExternalWorkflowExecutionSignaled', notFound: 'SignalExternalWorkflowExecutionFailed' },
  cancel: { delivered: 'ExternalWorkflowExecutionCancelRequested', notFound: 'RequestCancelExternalWorkflowExecutionFailed' },
} as const;

/** Records a signal or cancel request to another workflow, and asks the service to deliver it. */
export function initiateExternal(tx: RunTransition, c: ExternalCommand, workflowTaskCompletedEventId: number): void {
  const target = { workflowId: c.workflowId, ...(c.runId ? { runId: c.runId } : {}), childWorkflowOnly: c.childWorkflowOnly };
  const event = tx.append(
    c.type === 'SignalExternalWorkflowExecution'
      ? {
          type: 'SignalExternalWorkflowExecutionInitiated',
          ...target,
          signalName: c.signalName,
          input: c.args,
          workflowTaskCompletedEventId,
          ...definedFields({ header: c.header }),
        }
      : { type: 'RequestCancelExternalWorkflowExecutionInitiated', ...target, workflowTaskCompletedEventId },
  );
  const sent = { senderRunId: tx.state.runId, initiatedEventId: event.eventId, namespace: tx.state.namespace, ...target };
  tx.effects.push(
    c.type === 'SignalExternalWorkflowExecution'
      ? { type: 'signalExternal', ...sent, signalName: c.signalName, args: c.args, ...definedFields({ header: c.header }) }
      : { type: 'cancelExternal', ...sent },
  );
}

/**
 * How a signal or cancel request sent to another workflow went. A run that closed in the task that sent
 * it hears nothing: a closed run's history ends with its close.
 */
export function externalDelivered(
  tx: RunTransition,
  kind: keyof typeof ANSWER_EVENTS,
  initiatedEventId: number,
  workflowId: string,
  runId: string | undefined,
): void {
  if (tx.state.status !== 'RUNNING') return;
  const answer = ANSWER_EVENTS[kind];
  tx.append(
    runId === undefined
      ? { type: answer.notFound, workflowId, cause: 'EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND', initiatedEventId }
      : { type: answer.delivered, workflowId, runId, initiatedEventId },
  );
  workflowEventArrived(tx);
}
