// What happens when a durable timer of a run comes due: a user timer fires, a timeout strikes, a
// backoff ends. A timer that no longer derives from the state (the thing it guarded finished) does nothing.
import { assertNever } from '@rewind/sdk/internal/common/type-helpers';
import { failActivityAttempt, retryActivity, timeOutActivity, timeoutFailure, activityToken } from './activities';
import { deriveTimers, type TimerRow } from './derive';
import { timeOutRun } from './execution';
import { fireTimer } from './timers';
import type { RunTransition } from './transition';
import { retryWorkflowTask, timeOutStickyWorkflowTask, timeOutWorkflowTask } from './workflow-task';

export function onTimer(tx: RunTransition, row: Pick<TimerRow, 'kind' | 'key'>): void {
  const current = deriveTimers(tx.state).find((t) => t.kind === row.kind && t.key === row.key);
  if (!current || current.fireAt > tx.now) return;
  const activity = tx.state.activities[row.key];
  switch (row.kind) {
    case 'user-timer':
      fireTimer(tx, row.key);
      break;
    case 'activity-schedule-to-start':
      if (activity) timeOutActivity(tx, activity, 'SCHEDULE_TO_START');
      break;
    case 'activity-schedule-to-close':
      if (activity) timeOutActivity(tx, activity, 'SCHEDULE_TO_CLOSE');
      break;
    case 'activity-start-to-close':
    case 'activity-heartbeat':
      if (activity?.workerId)
        tx.activityCancels.push({ workerId: activity.workerId, taskToken: activityToken(tx, activity), reason: 'TIMED_OUT' });
      if (activity)
        failActivityAttempt(tx, activity, timeoutFailure(row.kind === 'activity-heartbeat' ? 'HEARTBEAT' : 'START_TO_CLOSE', activity));
      break;
    case 'activity-retry':
      if (activity) retryActivity(tx, activity);
      break;
    case 'workflow-task-timeout':
      timeOutWorkflowTask(tx, Number(row.key));
      break;
    case 'workflow-task-schedule-to-start':
      timeOutStickyWorkflowTask(tx, Number(row.key));
      break;
    case 'workflow-task-retry':
      retryWorkflowTask(tx);
      break;
    case 'run-timeout':
      timeOutRun(tx, 'run');
      break;
    case 'execution-timeout':
      timeOutRun(tx, 'execution');
      break;
    default:
      assertNever(row.kind);
  }
}
