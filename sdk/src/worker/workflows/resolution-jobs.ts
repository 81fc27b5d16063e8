// The job an event of history resolves: an activity's result or failure, a child workflow's start and
// end, a signal or cancel request sent to another workflow. The failures are built as Temporal's SDK
// builds them (ActivityFailure, ChildWorkflowFailure with the cause).
import { definedFields } from '../../common/defined-fields';
import type { ActivationJob, Failure, HistoryEvent, RetryState } from '../../protocol';

const RESOLVING_TYPES = [
  'ActivityTaskCompleted',
  'ActivityTaskFailed',
  'ActivityTaskTimedOut',
  'ActivityTaskCanceled',
  'StartChildWorkflowExecutionFailed',
  'ChildWorkflowExecutionStarted',
  'ChildWorkflowExecutionCompleted',
  'ChildWorkflowExecutionFailed',
  'ChildWorkflowExecutionCanceled',
  'ChildWorkflowExecutionTimedOut',
  'ChildWorkflowExecutionTerminated',
  'ExternalWorkflowExecutionSignaled',
  'SignalExternalWorkflowExecutionFailed',
  'ExternalWorkflowExecutionCancelRequested',
  'RequestCancelExternalWorkflowExecutionFailed',
] as const;
const RESOLVING: ReadonlySet<string> = new Set(RESOLVING_TYPES);

export type ResolvingEvent = Extract<HistoryEvent, { type: (typeof RESOLVING_TYPES)[number] }>;

/** Whether the event answers a command of the workflow (and so resolves one of its promises). */
export function isResolvingEvent(e: HistoryEvent): e is ResolvingEvent {
  return RESOLVING.has(e.type);
}

export interface ActivityRef {
  activityType: string;
  activityId: string;
}

/** What the reader knows of the commands the events answer (each throws on an event that answers none). */
export interface CommandLookups {
  namespace: string;
  activitySeq(scheduledEventId: number): number;
  activity(scheduledEventId: number): ActivityRef;
  initiatedSeq(kind: 'child' | 'signal' | 'cancel', initiatedEventId: number): number;
  childType(initiatedEventId: number): { workflowType: string; namespace: string } | undefined;
}

export function resolutionJob(e: ResolvingEvent, l: CommandLookups): ActivationJob {
  switch (e.type) {
    case 'ActivityTaskCompleted':
      return {
        type: 'ResolveActivity',
        seq: l.activitySeq(e.scheduledEventId),
        resolution: { status: 'completed', ...definedFields({ result: e.result }) },
      };
    case 'ActivityTaskFailed':
    case 'ActivityTaskTimedOut': {
      const message = e.type === 'ActivityTaskFailed' ? 'Activity task failed' : 'Activity task timed out';
      const failure = activityFailure(
        l.activity(e.scheduledEventId),
        message,
        e.retryState,
        e.scheduledEventId,
        e.startedEventId,
        e.failure,
      );
      return { type: 'ResolveActivity', seq: l.activitySeq(e.scheduledEventId), resolution: { status: 'failed', failure } };
    }
    case 'ActivityTaskCanceled': {
      const cancelled: Failure = {
        message: 'Activity cancelled',
        info: { type: 'cancelled', ...definedFields({ details: e.details }) },
      };
      const a = l.activity(e.scheduledEventId);
      const failure = activityFailure(a, 'Activity task cancelled', 'CANCEL_REQUESTED', e.scheduledEventId, e.startedEventId, cancelled);
      return { type: 'ResolveActivity', seq: l.activitySeq(e.scheduledEventId), resolution: { status: 'cancelled', failure } };
    }
    case 'StartChildWorkflowExecutionFailed':
      return {
        type: 'ResolveChildWorkflowExecutionStart',
        seq: l.initiatedSeq('child', e.initiatedEventId),
        resolution: {
          status: 'failed',
          failure: {
            message: `Workflow execution already started: a workflow with id ${e.workflowId} is running`,
            info: { type: 'application', errorType: 'WorkflowExecutionAlreadyStartedError', nonRetryable: true },
          },
        },
      };
    case 'ChildWorkflowExecutionStarted':
      return {
        type: 'ResolveChildWorkflowExecutionStart',
        seq: l.initiatedSeq('child', e.initiatedEventId),
        resolution: { status: 'started', runId: e.runId },
      };
    case 'ChildWorkflowExecutionCompleted':
      return {
        type: 'ResolveChildWorkflowExecution',
        seq: l.initiatedSeq('child', e.initiatedEventId),
        resolution: { status: 'completed', ...definedFields({ result: e.result }) },
      };
    case 'ChildWorkflowExecutionFailed':
    case 'ChildWorkflowExecutionCanceled':
    case 'ChildWorkflowExecutionTimedOut':
    case 'ChildWorkflowExecutionTerminated': {
      const cause: Failure =
        e.type === 'ChildWorkflowExecutionFailed'
          ? e.failure
          : e.type === 'ChildWorkflowExecutionCanceled'
            ? { message: 'Workflow canceled', info: { type: 'cancelled', ...definedFields({ details: e.details }) } }
            : e.type === 'ChildWorkflowExecutionTimedOut'
              ? { message: 'Workflow execution timed out', info: { type: 'timeout', timeoutType: 'START_TO_CLOSE' } }
              : { message: 'Workflow execution terminated', info: { type: 'terminated' } };
      const retryState =
        e.type === 'ChildWorkflowExecutionFailed' || e.type === 'ChildWorkflowExecutionTimedOut' ? e.retryState : 'NON_RETRYABLE_FAILURE';
      return {
        type: 'ResolveChildWorkflowExecution',
        seq: l.initiatedSeq('child', e.initiatedEventId),
        resolution: {
          status: e.type === 'ChildWorkflowExecutionCanceled' ? 'cancelled' : 'failed',
          failure: childFailure(e, l, retryState, cause),
        },
      };
    }
    case 'ExternalWorkflowExecutionSignaled':
      return { type: 'ResolveSignalExternalWorkflow', seq: l.initiatedSeq('signal', e.initiatedEventId) };
    case 'SignalExternalWorkflowExecutionFailed':
      return {
        type: 'ResolveSignalExternalWorkflow',
        seq: l.initiatedSeq('signal', e.initiatedEventId),
        failure: notFound(e.workflowId, 'signal'),
      };
    case 'ExternalWorkflowExecutionCancelRequested':
      return { type: 'ResolveRequestCancelExternalWorkflow', seq: l.initiatedSeq('cancel', e.initiatedEventId) };
    case 'RequestCancelExternalWorkflowExecutionFailed':
      return {
        type: 'ResolveRequestCancelExternalWorkflow',
        seq: l.initiatedSeq('cancel', e.initiatedEventId),
        failure: notFound(e.workflowId, 'cancel'),
      };
    default: {
      const unknown: never = e;
      throw new Error(`Not an event that resolves a command: ${JSON.stringify(unknown)}`);
    }
  }
}

function activityFailure(
  a: ActivityRef,
  message: string,
  retryState: Extract<Failure['info'], { type: 'activity' }>['retryState'],
  scheduledEventId: number,
  startedEventId: number,
  cause: Failure,
): Failure {
  return {
    message,
    info: { type: 'activity', activityType: a.activityType, activityId: a.activityId, retryState, scheduledEventId, startedEventId },
    cause,
  };
}

/** The ChildWorkflowFailure of a child that ended without a result. */
function childFailure(
  e: { workflowId: string; runId: string; initiatedEventId: number; startedEventId: number },
  l: CommandLookups,
  retryState: RetryState,
  cause: Failure,
): Failure {
  const child = l.childType(e.initiatedEventId);
  return {
    message: 'Child Workflow execution failed',
    info: {
      type: 'childWorkflow',
      namespace: child?.namespace ?? l.namespace,
      workflowId: e.workflowId,
      runId: e.runId,
      workflowType: child?.workflowType ?? '',
      retryState,
      initiatedEventId: e.initiatedEventId,
      startedEventId: e.startedEventId,
    },
    cause,
  };
}

function notFound(workflowId: string, what: 'signal' | 'cancel'): Failure {
  return {
    message: `Unable to ${what} external workflow ${workflowId}: it was not found, or it is closed.`,
    info: { type: 'application', errorType: 'ExternalWorkflowExecutionNotFound', nonRetryable: true },
  };
}
