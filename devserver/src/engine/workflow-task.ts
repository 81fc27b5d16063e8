// Workflow tasks: when one is scheduled, handed to a worker, failed, timed out or retried. At most one task
// per run exists at a time; events that arrive while one runs are held back until its outcome is
// recorded (RunTransition.append), and make another follow it. Every feature imports
// this file, so it imports none: completing a task applies commands, in complete-workflow-task.ts.
import { randomBytes } from 'node:crypto';
import type { Failure, HistoryEvent, HistoryEventBody, WorkflowTaskFailedCause } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { continueAsNewSuggested, type RunState } from './run-state';
import type { RunTransition } from './transition';
import { EngineError } from './transition';

/** Workflow task retries back off from 1 s to at most 10 minutes (a bug waits for a fix, cheaply). */
const WORKFLOW_TASK_RETRY_INITIAL_MS = 1000;
const WORKFLOW_TASK_RETRY_MAX_MS = 10 * 60 * 1000;

/** As Temporal: a task that this many events arrived during is ended, so that a run's held-back events stay few. */
export const MAX_BUFFERED_EVENTS = 100;

/** An event the workflow must see was appended: make sure a workflow task will show it. */
export function workflowEventArrived(tx: RunTransition): void {
  const wt = tx.state.workflowTask;
  if (!wt) scheduleWorkflowTask(tx, 1);
  else if (wt.status === 'started') {
    tx.state.unseenEvents = true;
    if ((tx.state.bufferedEvents?.length ?? 0) >= MAX_BUFFERED_EVENTS) {
      failWorkflowTask(
        tx,
        'FORCE_CLOSE_COMMAND',
        serverFailure(`${MAX_BUFFERED_EVENTS} events arrived while the workflow task ran: it ends, and a new task shows them.`, false),
      );
    }
  }
  // A scheduled task (or one in backoff) will include the new event when it starts.
}

/**
 * An update request arrived: it travels with a workflow task. With no task at all, the task is speculative,
 * as Temporal's: its events are written only if it does something (accepts an update, sends a command, or
 * other events arrive meanwhile), so an update the workflow rejects leaves no trace in history.
 */
export function updateArrived(tx: RunTransition): void {
  if (!tx.state.workflowTask) scheduleWorkflowTask(tx, 1, true);
  else workflowEventArrived(tx);
}

export function scheduleWorkflowTask(tx: RunTransition, attempt: number, speculative = false): void {
  const state = tx.state;
  const body: HistoryEventBody = {
    type: 'WorkflowTaskScheduled',
    taskQueue: state.taskQueue,
    startToCloseTimeoutMs: state.workflowTaskTimeoutMs,
    attempt,
    // As Temporal's server: a task for a Temporal worker's sticky queue names that queue.
    ...(state.stickyQueue ? { stickyTaskQueue: state.stickyQueue } : {}),
  };
  const event = speculative ? eventAhead(tx, body, 0) : tx.append(body);
  state.workflowTask = { status: 'scheduled', scheduledEventId: event.eventId, startedEventId: 0, attempt, scheduledAt: tx.now };
  if (speculative) state.workflowTask.speculative = { scheduled: event };
  state.unseenEvents = false;
}

/** A speculative task's event, `ahead` of the next event id: kept with the task, not appended. */
function eventAhead(tx: RunTransition, body: HistoryEventBody, ahead: number): HistoryEvent {
  return { eventId: tx.state.nextEventId + ahead, eventTime: new Date(tx.now).toISOString(), ...body } as HistoryEvent;
}

/** A run that must wait before its first workflow task (a cron time, a start delay): the task is
 * scheduled when the wait ends, and signals that come meanwhile wait for it. */
export function delayFirstWorkflowTask(tx: RunTransition, at: number): void {
  tx.state.workflowTask = { status: 'backoff', scheduledEventId: 0, startedEventId: 0, attempt: 1, scheduledAt: tx.now, retryAt: at };
}

/** Whether the run waits for its first workflow task (a start delay, or its cron time). */
export function firstTaskDelayed(state: RunState): boolean {
  const wt = state.workflowTask;
  // Only a delayed first task is in backoff at attempt 1: failed attempts back off at 2 and more.
  return wt?.status === 'backoff' && wt.attempt === 1;
}

/** A signal-with-start ends a start delay at once (Temporal's rule); a cron run keeps waiting for its time. */
export function endStartDelay(tx: RunTransition): void {
  if (firstTaskDelayed(tx.state) && !tx.state.cron) retryWorkflowTask(tx);
}

/**
 * Ids of task starts (12 hex digits, as task tokens take them): a random prefix drawn once per server
 * process tells a start from one before a restart (a task attempt starts once per process, so the
 * counter may wrap), without drawing random bytes per task (~6 µs each, four per workflow of three activities).
 */
const BOOT_ID = randomBytes(4).toString('hex');
let startCount = 0;
const nextStartId = (): string => BOOT_ID + (startCount++ & 0xffff).toString(16).padStart(4, '0');

export interface LeaseHolder {
  workerId: string;
  identity?: string;
}

/** Hands the scheduled task to a worker. Returns false if there is no scheduled task to hand out. */
export function startWorkflowTask(tx: RunTransition, scheduledEventId: number, holder: LeaseHolder): boolean {
  const wt = tx.state.workflowTask;
  if (!wt || wt.status !== 'scheduled' || wt.scheduledEventId !== scheduledEventId || tx.state.status !== 'RUNNING') return false;
  const body: HistoryEventBody = {
    type: 'WorkflowTaskStarted',
    scheduledEventId,
    ...definedFields({
      identity: holder.identity || undefined,
      historySizeBytes: tx.state.historySizeBytes,
      suggestContinueAsNew: continueAsNewSuggested(tx.state),
    }),
  };
  const event = wt.speculative ? (wt.speculative.started = eventAhead(tx, body, 1)) : tx.append(body);
  wt.status = 'started';
  wt.startedEventId = event.eventId;
  wt.startedAt = tx.now;
  wt.startId = nextStartId();
  wt.workerId = holder.workerId;
  if (holder.identity) wt.identity = holder.identity;
  tx.state.unseenEvents = false;
  return true;
}

/** Checks that a completion or failure is about the task that runs now; returns the worker holding it. */
export function requireStartedTask(
  tx: RunTransition,
  scheduledEventId: number,
  attempt: number,
  startId: string | undefined,
): string | undefined {
  const wt = tx.state.workflowTask;
  if (tx.state.status !== 'RUNNING') {
    throw new EngineError(
      'NOT_FOUND',
      `Workflow task not found: the workflow ${tx.state.workflowId} is already closed (${tx.state.status}).`,
    );
  }
  if (!wt || wt.status !== 'started' || wt.scheduledEventId !== scheduledEventId || wt.attempt !== attempt || wt.startId !== startId) {
    throw new EngineError(
      'NOT_FOUND',
      `Workflow task not found: it timed out or was handed to another worker (workflow ${tx.state.workflowId}).`,
    );
  }
  return wt.workerId;
}

export function serverFailure(message: string, nonRetryable: boolean): Failure {
  return { message, source: 'RewindServer', info: { type: 'server', nonRetryable } };
}

/**
 * Records a failed attempt. Failures of the workflow code back off before the next attempt (the
 * workflow waits for fixed code); failures that are not the code's fault retry at once.
 */
export function failWorkflowTask(tx: RunTransition, cause: WorkflowTaskFailedCause, failure: Failure, holder?: LeaseHolder): void {
  const state = tx.state;
  const wt = state.workflowTask!;
  tx.append({
    type: 'WorkflowTaskFailed',
    scheduledEventId: wt.scheduledEventId,
    startedEventId: wt.startedEventId,
    cause,
    failure,
    ...(holder?.identity ? { identity: holder.identity } : {}),
  });
  stickTo(state, undefined);
  state.workflowTask = undefined;
  tx.flushBuffered();
  if (cause === 'UNHANDLED_COMMAND' || cause === 'WORKER_LOST' || cause === 'FORCE_CLOSE_COMMAND') {
    scheduleWorkflowTask(tx, wt.attempt);
    return;
  }
  backOff(tx, wt, failure);
}

/** The next attempt after the doubling (capped) backoff of the attempt that just ended. */
function backOff(tx: RunTransition, ended: { attempt: number; scheduledAt: number }, lastFailure: Failure | undefined): void {
  const delay = Math.min(WORKFLOW_TASK_RETRY_INITIAL_MS * 2 ** (ended.attempt - 1), WORKFLOW_TASK_RETRY_MAX_MS);
  tx.state.workflowTask = {
    status: 'backoff',
    scheduledEventId: 0,
    startedEventId: 0,
    attempt: ended.attempt + 1,
    scheduledAt: ended.scheduledAt,
    retryAt: tx.now + delay,
    ...(lastFailure ? { lastFailure } : {}),
  };
  tx.state.unseenEvents = false;
}

/**
 * A started task's worker did not answer in time. The first time (a worker that died) the task is
 * scheduled again at once; an attempt that follows a failed or timed-out one backs off as failures do:
 * Temporal's worker reports only a task's first failure and lets the later attempts time out, and each
 * attempt's events stay in Rewind's history, so retrying at once would fill it in a day or two.
 */
export function timeOutWorkflowTask(tx: RunTransition, scheduledEventId: number): void {
  const state = tx.state;
  const wt = state.workflowTask;
  if (!wt || wt.status !== 'started' || wt.scheduledEventId !== scheduledEventId) return;
  tx.append({ type: 'WorkflowTaskTimedOut', scheduledEventId, startedEventId: wt.startedEventId, timeoutType: 'START_TO_CLOSE' });
  stickTo(state, undefined);
  state.workflowTask = undefined;
  tx.flushBuffered();
  if (wt.attempt > 1) backOff(tx, wt, wt.lastFailure);
  else scheduleWorkflowTask(tx, wt.attempt + 1);
}

/**
 * Which worker has the run cached, and so gets its next workflow task first (none: any worker, with the
 * whole history). With `sticky` (a Temporal worker's sticky queue) only that worker gets the task, until
 * its schedule-to-start timeout sends it to the normal queue.
 */
export function stickTo(state: RunState, workerId: string | undefined, sticky?: StickyQueue): void {
  state.stickyWorkerId = workerId;
  state.stickyScheduleToStartMs = workerId === undefined ? undefined : sticky?.scheduleToStartMs;
  state.stickyQueue = workerId === undefined ? undefined : sticky?.queue;
}

/** A Temporal worker's sticky queue: its name, and how long a task waits there for the worker. */
export interface StickyQueue {
  queue: string;
  scheduleToStartMs: number;
}

/**
 * Nobody took a task from the sticky queue in time (its worker is gone or busy): as Temporal's server, the
 * task times out (SCHEDULE_TO_START, the attempt not counted), stickiness ends, and a new task goes to the
 * normal queue, where a worker gets the whole history.
 */
export function timeOutStickyWorkflowTask(tx: RunTransition, scheduledEventId: number): void {
  const state = tx.state;
  const wt = state.workflowTask;
  if (!wt || wt.status !== 'scheduled' || wt.scheduledEventId !== scheduledEventId) return;
  tx.append({ type: 'WorkflowTaskTimedOut', scheduledEventId, startedEventId: 0, timeoutType: 'SCHEDULE_TO_START' });
  stickTo(state, undefined);
  state.workflowTask = undefined;
  tx.flushBuffered();
  scheduleWorkflowTask(tx, wt.attempt);
  if (wt.lastFailure) state.workflowTask!.lastFailure = wt.lastFailure;
}

/** The backoff after a failed attempt is over: schedule the next attempt. */
export function retryWorkflowTask(tx: RunTransition): void {
  const wt = tx.state.workflowTask;
  if (!wt || wt.status !== 'backoff') return;
  const lastFailure = wt.lastFailure;
  tx.state.workflowTask = undefined;
  scheduleWorkflowTask(tx, wt.attempt);
  if (lastFailure) tx.state.workflowTask!.lastFailure = lastFailure;
}
