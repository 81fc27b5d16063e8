// Handing one waiting task to a worker, inside the batch's transaction: a workflow task with the history
// it needs (all of it, or the events since the worker's last task when the run is sticky to it, and a
// speculative task's own events), or an activity task, whose start is saved before it goes out.
import type { ActivityTask, HistoryEvent, UpdateRequest, WorkflowTask } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { startActivity } from '../../engine/activities';
import type { TaskRow } from '../../engine/derive';
import type { RunState } from '../../engine/run-state';
import { encodeTaskToken } from '../../engine/task-token';
import { startWorkflowTask, type LeaseHolder } from '../../engine/workflow-task';
import type { UnitOfWork } from '../commit/unit-of-work';
import type { ServiceContext } from '../service-context';
import type { WorkerSession } from './matching';
import type { Notify } from './workers';

/** A session that can be sent its task. */
export type HandoutSession = WorkerSession & { notify: Notify };

/** Workflow tasks handed out: with the whole history or only the latest events, and how many events they carried. */
export interface HandoutCounters {
  full: number;
  partial: number;
  events: number;
}

/** The updates a workflow task carries: those the workflow has neither accepted nor rejected. */
function requestedUpdates(state: RunState): { updates?: UpdateRequest[] } {
  const updates: UpdateRequest[] = [];
  for (const [updateId, u] of Object.entries(state.updates)) {
    if (u.status === 'requested') {
      updates.push({
        updateId,
        name: u.name,
        args: u.args,
        ...(u.identity ? { identity: u.identity } : {}),
        ...(u.header ? { header: u.header } : {}),
      });
    }
  }
  return updates.length > 0 ? { updates } : {};
}

/** Starts the run's scheduled workflow task for `s` and sends it just before the commit; false if it is gone. */
export function handOutWorkflowTask(
  ctx: ServiceContext,
  uow: UnitOfWork,
  task: TaskRow,
  s: HandoutSession,
  holder: LeaseHolder,
  counters: HandoutCounters,
): boolean {
  let started: { payload: Omit<WorkflowTask, 'events'>; from: number; speculative?: HistoryEvent[] } | undefined;
  ctx.runs.mutate(
    uow,
    task.runId,
    (tx) => {
      const sticky = tx.state.stickyWorkerId === s.workerId;
      if (!startWorkflowTask(tx, task.ref, holder)) return;
      const wt = tx.state.workflowTask!;
      const previous = tx.state.lastCompletedStartedEventId;
      started = {
        from: sticky && previous > 0 && !s.fullHistory ? previous + 1 : 1,
        // A speculative task's events are not in history: they go out with the task.
        ...(wt.speculative ? { speculative: [wt.speculative.scheduled, wt.speculative.started!] } : {}),
        payload: {
          workerId: s.workerId,
          taskToken: encodeTaskToken({
            kind: 'workflow',
            runId: task.runId,
            ref: wt.scheduledEventId,
            attempt: wt.attempt,
            ...definedFields({ start: wt.startId }),
          }),
          namespace: tx.state.namespace,
          workflowId: tx.state.workflowId,
          runId: tx.state.runId,
          workflowType: tx.state.workflowType,
          attempt: wt.attempt,
          startedEventId: wt.startedEventId,
          previousStartedEventId: previous,
          ...requestedUpdates(tx.state),
        },
      };
    },
    { durable: false },
  );
  if (!started) return false;
  const { payload, from, speculative } = started;
  const events = speculative
    ? [...ctx.runs.readEvents(task.runId, from, speculative[0]!.eventId - 1), ...speculative]
    : ctx.runs.readEvents(task.runId, from, payload.startedEventId);
  counters[from > 1 ? 'partial' : 'full']++;
  counters.events += events.length;
  // Object.assign, not `{ ...payload, events }`: on Node 20 a literal that spreads, then adds a key, costs ~1 µs.
  uow.beforeCommit(() => s.notify('task.workflow', Object.assign(payload, { events })));
  return true;
}

/** Starts the activity's attempt for `s` (saved) and sends it after the commit; false if it is gone. */
export function handOutActivityTask(ctx: ServiceContext, uow: UnitOfWork, task: TaskRow, s: HandoutSession, holder: LeaseHolder): boolean {
  const store = ctx.store;
  // An activity's start is written before its task goes out (not a soft change, unlike a workflow
  // task's): an attempt may run on for minutes with side effects, and once a worker has it the server
  // must never forget it, even if it stops or is killed a moment later. After a restart the attempt is
  // still its worker's: it is not handed out again, and it ends with that worker's answer or its
  // start-to-close or heartbeat timeout, as on Temporal's server.
  let activityTask: ActivityTask | undefined;
  ctx.runs.mutate(uow, task.runId, (tx) => {
    const a = startActivity(tx, task.ref, holder);
    if (!a) return;
    const scheduled = store.readEvent(task.runId, a.scheduledEventId);
    const args = scheduled?.type === 'ActivityTaskScheduled' ? scheduled.input : [];
    const header = scheduled?.type === 'ActivityTaskScheduled' ? scheduled.header : undefined;
    activityTask = {
      workerId: s.workerId,
      taskToken: encodeTaskToken({ kind: 'activity', runId: task.runId, ref: a.scheduledEventId, attempt: a.attempt }),
      namespace: tx.state.namespace,
      taskQueue: a.taskQueue,
      workflowId: tx.state.workflowId,
      runId: tx.state.runId,
      workflowType: tx.state.workflowType,
      activityId: a.activityId,
      activityType: a.activityType,
      args,
      attempt: a.attempt,
      scheduledTime: new Date(a.scheduledAt).toISOString(),
      currentAttemptScheduledTime: new Date(a.attemptScheduledAt).toISOString(),
      startedTime: new Date(tx.now).toISOString(),
      // A timeout of 0 is none.
      ...definedFields({
        scheduleToCloseTimeoutMs: a.scheduleToCloseTimeoutMs || undefined,
        startToCloseTimeoutMs: a.startToCloseTimeoutMs || undefined,
        heartbeatTimeoutMs: a.heartbeatTimeoutMs || undefined,
        heartbeatDetails: a.heartbeatDetails,
        header,
      }),
    };
  });
  if (!activityTask) return false;
  const t = activityTask;
  uow.afterCommit(() => s.notify('task.activity', t));
  return true;
}
