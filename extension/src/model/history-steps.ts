// A history as the steps a person thinks in: each activity (with its attempts), timer, signal, child
// workflow, update and marker, in the order the workflow started them, with its state, input and
// outcome. The tree and the history view both show these.
import type { Failure, HistoryEvent, Payload } from '@rewind/sdk/protocol';
import { localActivityOfMarker } from '@rewind/sdk/protocol';
import { formatDuration } from '@rewind/sdk/common';

export type StepKind = 'workflow' | 'activity' | 'localActivity' | 'timer' | 'signal' | 'child' | 'update' | 'marker' | 'cancelRequest';
export type StepState = 'scheduled' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timedOut' | 'terminated' | 'continuedAsNew';

export interface Step {
  kind: StepKind;
  /** What it is: the activity type, the timer's duration, the signal's name… */
  label: string;
  state: StepState;
  /** The event that began the step (scheduled, started, signaled…), and the one that ended it. */
  firstEventId: number;
  lastEventId: number;
  startTime: string;
  endTime?: string;
  attempt?: number;
  input?: Payload[];
  result?: Payload;
  failure?: Failure;
  /** The step the workflow waits on now (the latest of the open ones). */
  current?: boolean;
}

/** The state a run closes in, by the event that closes it. */
export const CLOSED: Readonly<Record<string, StepState>> = {
  WorkflowExecutionCompleted: 'completed',
  WorkflowExecutionFailed: 'failed',
  WorkflowExecutionTimedOut: 'timedOut',
  WorkflowExecutionCanceled: 'cancelled',
  WorkflowExecutionTerminated: 'terminated',
  WorkflowExecutionContinuedAsNew: 'continuedAsNew',
};

/** The steps of a history, in the order they began; the latest open one is marked current if the run is open. */
export function historySteps(events: readonly HistoryEvent[]): Step[] {
  const steps: Step[] = [];
  const byKey = new Map<string, Step>();
  const open = (key: string, step: Step): void => {
    steps.push(step);
    byKey.set(key, step);
  };
  const close = (key: string, e: HistoryEvent, state: StepState, extra: Partial<Step> = {}): void => {
    const step = byKey.get(key);
    if (!step) return;
    Object.assign(step, { state, lastEventId: e.eventId, endTime: e.eventTime, ...extra });
  };
  for (const e of events) {
    const base = { firstEventId: e.eventId, lastEventId: e.eventId, startTime: e.eventTime };
    switch (e.type) {
      case 'WorkflowExecutionStarted':
        open('workflow', { ...base, kind: 'workflow', label: e.workflowType, state: 'running', input: e.input });
        break;
      case 'ActivityTaskScheduled':
        open(`activity:${e.eventId}`, { ...base, kind: 'activity', label: e.activityType, state: 'scheduled', input: e.input, attempt: 1 });
        break;
      case 'ActivityTaskStarted': {
        const step = byKey.get(`activity:${e.scheduledEventId}`);
        if (step) Object.assign(step, { state: 'running', attempt: e.attempt, ...(e.lastFailure ? { failure: e.lastFailure } : {}) });
        break;
      }
      case 'ActivityTaskCompleted':
        close(`activity:${e.scheduledEventId}`, e, 'completed', {
          ...(e.result !== undefined ? { result: e.result } : {}),
          failure: undefined,
        });
        break;
      case 'ActivityTaskFailed':
        close(`activity:${e.scheduledEventId}`, e, 'failed', { failure: e.failure });
        break;
      case 'ActivityTaskTimedOut':
        close(`activity:${e.scheduledEventId}`, e, 'timedOut', { failure: e.failure });
        break;
      case 'ActivityTaskCanceled':
        close(`activity:${e.scheduledEventId}`, e, 'cancelled');
        break;
      case 'TimerStarted':
        open(`timer:${e.timerId}`, { ...base, kind: 'timer', label: formatDuration(e.startToFireTimeoutMs), state: 'running' });
        break;
      case 'TimerFired':
        close(`timer:${e.timerId}`, e, 'completed');
        break;
      case 'TimerCanceled':
        close(`timer:${e.timerId}`, e, 'cancelled');
        break;
      case 'WorkflowExecutionSignaled':
        steps.push({ ...base, kind: 'signal', label: e.signalName, state: 'completed', input: e.input, endTime: e.eventTime });
        break;
      case 'WorkflowExecutionCancelRequested':
        steps.push({ ...base, kind: 'cancelRequest', label: e.cause ?? 'cancel requested', state: 'completed', endTime: e.eventTime });
        break;
      case 'StartChildWorkflowExecutionInitiated':
        open(`child:${e.eventId}`, {
          ...base,
          kind: 'child',
          label: `${e.workflowType} (${e.workflowId})`,
          state: 'scheduled',
          input: e.input,
        });
        break;
      case 'ChildWorkflowExecutionStarted': {
        const step = byKey.get(`child:${e.initiatedEventId}`);
        if (step) step.state = 'running';
        break;
      }
      case 'StartChildWorkflowExecutionFailed':
        close(`child:${e.initiatedEventId}`, e, 'failed', {
          failure: { message: `Could not start: ${e.cause}`, info: { type: 'application', errorType: e.cause, nonRetryable: true } },
        });
        break;
      case 'ChildWorkflowExecutionCompleted':
        close(`child:${e.initiatedEventId}`, e, 'completed', e.result !== undefined ? { result: e.result } : {});
        break;
      case 'ChildWorkflowExecutionFailed':
        close(`child:${e.initiatedEventId}`, e, 'failed', { failure: e.failure });
        break;
      case 'ChildWorkflowExecutionCanceled':
        close(`child:${e.initiatedEventId}`, e, 'cancelled');
        break;
      case 'ChildWorkflowExecutionTimedOut':
        close(`child:${e.initiatedEventId}`, e, 'timedOut');
        break;
      case 'ChildWorkflowExecutionTerminated':
        close(`child:${e.initiatedEventId}`, e, 'terminated');
        break;
      case 'WorkflowExecutionUpdateAccepted':
        open(`update:${e.updateId}`, { ...base, kind: 'update', label: e.name, state: 'running', input: e.input });
        break;
      case 'WorkflowExecutionUpdateCompleted':
        close(`update:${e.updateId}`, e, e.failure ? 'failed' : 'completed', {
          ...(e.result !== undefined ? { result: e.result } : {}),
          ...(e.failure ? { failure: e.failure } : {}),
        });
        break;
      case 'MarkerRecorded':
        steps.push(markerStep(e, base));
        break;
      case 'WorkflowExecutionCompleted':
        close('workflow', e, 'completed', e.result !== undefined ? { result: e.result } : {});
        break;
      case 'WorkflowExecutionFailed':
        close('workflow', e, 'failed', { failure: e.failure });
        break;
      default:
        if (e.type in CLOSED) close('workflow', e, CLOSED[e.type]!);
    }
  }
  markCurrent(steps);
  return steps;
}

function markerStep(
  e: Extract<HistoryEvent, { type: 'MarkerRecorded' }>,
  base: Pick<Step, 'firstEventId' | 'lastEventId' | 'startTime'>,
): Step {
  const la = localActivityOfMarker(e.markerName, e.details);
  if (la) {
    return {
      ...base,
      kind: 'localActivity',
      label: la.activityType,
      state: e.failure ? (la.backoffMs !== undefined ? 'running' : 'failed') : 'completed',
      endTime: e.eventTime,
      attempt: la.attempt,
      ...(la.result !== undefined ? { result: la.result } : {}),
      ...(e.failure ? { failure: e.failure } : {}),
    };
  }
  const patchId = typeof e.details.patchId === 'string' ? e.details.patchId : undefined;
  return { ...base, kind: 'marker', label: patchId ? `patch ${patchId}` : e.markerName, state: 'completed', endTime: e.eventTime };
}

/** While the run is open, the latest step still open is what it waits on. */
function markCurrent(steps: Step[]): void {
  const workflow = steps.find((s) => s.kind === 'workflow');
  if (!workflow || workflow.state !== 'running') return;
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.kind !== 'workflow' && (s.state === 'running' || s.state === 'scheduled')) {
      s.current = true;
      return;
    }
  }
}
