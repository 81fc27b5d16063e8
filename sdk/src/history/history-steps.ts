// A history as the steps a person thinks in (the Workflows tree and the history view show these): the
// workflow, then each activity (with its attempts), timer, signal, child, update and marker in the order
// it began, with one state word, its input and outcome. Read from the one fold (fold-history.ts).
import { formatDuration } from '../common/duration';
import { assertNever } from '../common/type-helpers';
import type { ExecutionStatus, Failure, HistoryEvent, Payload } from '../protocol';
import { foldHistory } from './fold-history';
import type {
  ActivityStatus,
  ChildStatus,
  FoldedHistory,
  LocalActivityStatus,
  RunRecord,
  StepRecord,
  StepSpan,
  TimerStatus,
  UpdateStatus,
} from './folded-history';

export type StepKind = 'workflow' | StepRecord['kind'];
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

/** The state word of the workflow's own step, by the run's status. */
export const RUN_STEP_STATE: Readonly<Record<ExecutionStatus, StepState>> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timedOut',
  CONTINUED_AS_NEW: 'continuedAsNew',
};

/** (A cancel request leaves an activity's step as it was.) */
const ACTIVITY_STATE: Readonly<Record<ActivityStatus, StepState>> = {
  scheduled: 'scheduled',
  started: 'running',
  completed: 'completed',
  failed: 'failed',
  timedOut: 'timedOut',
  canceled: 'cancelled',
};
const TIMER_STATE: Readonly<Record<TimerStatus, StepState>> = { started: 'running', fired: 'completed', canceled: 'cancelled' };
const CHILD_STATE: Readonly<Record<ChildStatus, StepState>> = {
  initiated: 'scheduled',
  started: 'running',
  startFailed: 'failed',
  completed: 'completed',
  failed: 'failed',
  canceled: 'cancelled',
  timedOut: 'timedOut',
  terminated: 'terminated',
};
const UPDATE_STATE: Readonly<Record<UpdateStatus, StepState>> = { accepted: 'running', completed: 'completed', failed: 'failed' };
/** A local activity waiting out a backoff before its next attempt is still running. */
const LOCAL_ACTIVITY_STATE: Readonly<Record<LocalActivityStatus, StepState>> = {
  completed: 'completed',
  failed: 'failed',
  backoff: 'running',
};

/** The steps of a history, in the order they began; the latest open one is marked current if the run is open. */
export function historySteps(events: readonly HistoryEvent[]): Step[] {
  return stepsOf(foldHistory(events));
}

/** The steps of a folded history (see `historySteps`). */
export function stepsOf({ run, steps }: FoldedHistory): Step[] {
  const out = steps.map(stepOf);
  if (run) out.unshift(runStep(run));
  markCurrent(out);
  return out;
}

function runStep(run: RunRecord): Step {
  const s = begin(run, 'workflow', run.workflowType, RUN_STEP_STATE[run.status]);
  s.input = run.input;
  return withOutcome(s, run.result, run.failure);
}

// Each step is made as one object, its optional fields set only when they have a value (no spreads: a
// history of 50,000 events makes tens of thousands of steps each time the history view regroups it).
function stepOf(r: StepRecord): Step {
  switch (r.kind) {
    case 'activity': {
      const s = begin(r, 'activity', r.activityType, ACTIVITY_STATE[r.status]);
      s.input = r.input;
      s.attempt = r.attempt ?? 1;
      // Until it ends, the failure shown is the last attempt's (it is being retried).
      const failure = r.status === 'failed' || r.status === 'timedOut' ? r.failure : r.status === 'completed' ? undefined : r.lastFailure;
      return withOutcome(s, r.result, failure);
    }
    case 'timer':
      return begin(r, 'timer', formatDuration(r.startToFireTimeoutMs), TIMER_STATE[r.status]);
    case 'child': {
      const s = begin(r, 'child', `${r.workflowType} (${r.workflowId})`, CHILD_STATE[r.status]);
      s.input = r.input;
      return withOutcome(s, r.result, r.startFailedCause !== undefined ? couldNotStart(r.startFailedCause) : r.failure);
    }
    case 'signal': {
      const s = begin(r, 'signal', r.name, 'completed');
      s.input = r.input;
      return s;
    }
    case 'cancelRequest':
      return begin(r, 'cancelRequest', r.cause ?? 'cancel requested', 'completed');
    case 'update': {
      const s = begin(r, 'update', r.name, UPDATE_STATE[r.status]);
      s.input = r.input;
      return withOutcome(s, r.result, r.failure);
    }
    case 'localActivity': {
      const s = begin(r, 'localActivity', r.activityType, LOCAL_ACTIVITY_STATE[r.status]);
      s.attempt = r.attempt;
      return withOutcome(s, r.result, r.failure);
    }
    case 'marker':
      return begin(r, 'marker', r.patchId ? `patch ${r.patchId}` : r.markerName, 'completed');
    default:
      return assertNever(r, 'A step kind the history steps do not know');
  }
}

/** A step with its kind, label, state and the events it spans. */
function begin(r: StepSpan, kind: StepKind, label: string, state: StepState): Step {
  const s: Step = { kind, label, state, firstEventId: r.firstEventId, lastEventId: r.endEventId ?? r.firstEventId, startTime: r.startTime };
  if (r.endTime !== undefined) s.endTime = r.endTime;
  return s;
}

function withOutcome(s: Step, result: Payload | undefined, failure: Failure | undefined): Step {
  if (result !== undefined) s.result = result;
  if (failure) s.failure = failure;
  return s;
}

function couldNotStart(cause: string): Failure {
  return { message: `Could not start: ${cause}`, info: { type: 'application', errorType: cause, nonRetryable: true } };
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
