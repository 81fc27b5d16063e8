// Client-facing operations on workflows: start, signal, cancel, terminate, describe, history, result, list.
import { randomUUID } from 'node:crypto';
import {
  int,
  name,
  object,
  type Infer,
  type RequestParams,
  type RequestResult,
  type StartResult,
  type WorkflowDescription,
  type WorkflowOutcome,
} from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { retryPolicyWithDefaults } from '@rewind/sdk/internal/common/retry-policy';
import { deriveTimers } from '../../engine/derive';
import { closeReason, failureSite } from '../../engine/close-reason';
import { executionInfo } from '../../engine/execution-info';
import { requestCancelRun, signalRun, startRun, terminateRun } from '../../engine/execution';
import type { RunState } from '../../engine/run-state';
import { EngineError, RunTransition } from '../../engine/transition';
import { resetPoint, rebuildState } from '../../engine/rebuild';
import { endStartDelay, firstTaskDelayed, scheduleWorkflowTask, serverFailure } from '../../engine/workflow-task';
import { QuerySyntaxError } from '../../store/query-parser';
import type { ExecutionWatches } from '../watches/execution-watches';
import type { ResultWaiters } from './result-waiters';
import type { ServiceContext } from '../service-context';
import type { UnitOfWork } from '../commit/unit-of-work';

const iso = (ms: number): string => new Date(ms).toISOString();
const optionalIso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : iso(ms));

/** What a page token of `list` holds (it comes back from the client, so it is checked as any input). */
const pageTokenSchema = object({ startTime: int(), runId: name() });

export class Workflows {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly waiters: ResultWaiters,
    private readonly executionWatches: ExecutionWatches,
  ) {}

  requireNamespace(namespace: string): void {
    if (!this.ctx.store.getNamespace(namespace)) {
      throw new EngineError(
        'NOT_FOUND',
        `Namespace ${namespace} not found. Create it with: rewind namespace create -n ${namespace}`,
        'NamespaceNotFoundError',
      );
    }
  }

  start(p: RequestParams<'workflow.start'>): Promise<RequestResult<'workflow.start'>> {
    return this.ctx.committer.run((uow) => {
      const { state, started } = this.startIn(uow, p);
      return this.startResult(state, started);
    });
  }

  /** The run, and a warning when no live worker would run its workflow tasks (the run waits: a worker may come later). */
  startResult(state: RunState, started: boolean): StartResult {
    const warning =
      state.status === 'RUNNING'
        ? this.ctx.matching.unservable({
            namespace: state.namespace,
            taskQueue: state.taskQueue,
            kind: 'workflow',
            typeName: state.workflowType,
          })
        : undefined;
    return { runId: state.runId, started, ...(warning ? { warning } : {}) };
  }

  /** Signals the running workflow with this id, or starts it and signals it (one transaction). */
  signalWithStart(p: RequestParams<'workflow.signalWithStart'>): Promise<RequestResult<'workflow.signalWithStart'>> {
    return this.ctx.committer.run((uow) => {
      const { signalName, signalArgs, ...start } = p;
      const { state, started } = this.startIn(uow, { ...start, workflowIdConflictPolicy: 'USE_EXISTING' });
      this.ctx.runs.mutate(uow, state.runId, (tx) => {
        signalRun(tx, {
          signalName,
          args: signalArgs,
          requestId: `signal-with-start/${p.requestId}`,
          identity: p.identity,
          header: p.header,
        });
        endStartDelay(tx);
      });
      return this.startResult(state, started);
    });
  }

  /** Starts a run, or (conflict policy) uses or terminates the running one; checks the reuse policy for closed ones. */
  startIn(uow: UnitOfWork, p: RequestParams<'workflow.start'>): { state: RunState; started: boolean } {
    this.requireNamespace(p.namespace);
    if (p.cronSchedule && p.startDelayMs) {
      throw new EngineError(
        'INVALID_ARGUMENT',
        'startDelay cannot be used with cronSchedule: a cron workflow already waits for its first time.',
      );
    }
    const { store, runs } = this.ctx;
    const currentId = store.getCurrentRunId(p.namespace, p.workflowId);
    const current = currentId ? runs.get(currentId) : undefined;
    if (current) {
      // The same request again (a client retrying after a lost reply): the same run, said started as
      // the first answer said (Temporal's rule: the client sees one consistent answer).
      if (current.startRequestId === p.requestId) return { state: current, started: true };
      const policy = p.workflowIdReusePolicy ?? 'ALLOW_DUPLICATE';
      const conflict = p.workflowIdConflictPolicy ?? (policy === 'TERMINATE_IF_RUNNING' ? 'TERMINATE_EXISTING' : 'FAIL');
      if (current.status === 'RUNNING') {
        if (conflict === 'USE_EXISTING') return { state: current, started: false };
        if (conflict === 'TERMINATE_EXISTING') {
          runs.mutate(uow, current.runId, (tx) =>
            terminateRun(tx, {
              reason: 'terminated by a new start of the same workflow id (TERMINATE_EXISTING)',
              identity: p.identity,
            }),
          );
        } else {
          throw new EngineError(
            'ALREADY_EXISTS',
            `Workflow execution already started: workflow ${p.workflowId} is running (run ${current.runId}). Use another workflowId, or workflowIdConflictPolicy USE_EXISTING or TERMINATE_EXISTING.`,
            'WorkflowExecutionAlreadyStartedError',
            { runId: current.runId, startRequestId: current.startRequestId },
          );
        }
      } else if (policy === 'REJECT_DUPLICATE') {
        throw new EngineError(
          'ALREADY_EXISTS',
          `Workflow ${p.workflowId} already ran (run ${current.runId}, ${current.status}) and the reuse policy is REJECT_DUPLICATE.`,
          'WorkflowExecutionAlreadyStartedError',
          { runId: current.runId, startRequestId: current.startRequestId },
        );
      } else if (policy === 'ALLOW_DUPLICATE_FAILED_ONLY' && current.status === 'COMPLETED') {
        throw new EngineError(
          'ALREADY_EXISTS',
          `Workflow ${p.workflowId} already completed (run ${current.runId}) and the reuse policy is ALLOW_DUPLICATE_FAILED_ONLY.`,
          'WorkflowExecutionAlreadyStartedError',
          { runId: current.runId, startRequestId: current.startRequestId },
        );
      }
    }
    const { retryPolicy, ...start } = p;
    const tx = startRun(
      { ...start, runId: randomUUID(), ...(retryPolicy ? { retryPolicy: retryPolicyWithDefaults(retryPolicy) } : {}) },
      this.ctx.clock.now(),
    );
    runs.create(uow, tx);
    return { state: tx.state, started: true };
  }

  private openRun(p: { namespace: string; workflowId: string; runId?: string }): RunState {
    this.requireNamespace(p.namespace);
    const state = this.ctx.runs.find(p.namespace, p.workflowId, p.runId);
    if (state.status !== 'RUNNING') {
      throw new EngineError(
        'NOT_FOUND',
        `Workflow execution already completed: workflow ${p.workflowId} is ${state.status} (run ${state.runId}).`,
        'WorkflowNotFoundError',
      );
    }
    return state;
  }

  async signal(p: RequestParams<'workflow.signal'>): Promise<RequestResult<'workflow.signal'>> {
    await this.ctx.committer.run((uow) => {
      // As Temporal's server: a retry of a request whose signal was recorded is answered as done, also
      // once the run has closed (its signal may be why it closed), before the closed run is refused.
      if (p.requestId) {
        this.requireNamespace(p.namespace);
        if (this.ctx.runs.find(p.namespace, p.workflowId, p.runId).signalRequestIds.includes(p.requestId)) return;
      }
      const state = this.openRun(p);
      this.ctx.runs.mutate(uow, state.runId, (tx) => signalRun(tx, p));
    });
    return {};
  }

  async cancel(p: RequestParams<'workflow.cancel'>): Promise<RequestResult<'workflow.cancel'>> {
    await this.ctx.committer.run((uow) => {
      const state = this.openRun(p);
      this.ctx.runs.mutate(uow, state.runId, (tx) => requestCancelRun(tx, p));
    });
    return {};
  }

  async terminate(p: RequestParams<'workflow.terminate'>): Promise<RequestResult<'workflow.terminate'>> {
    await this.ctx.committer.run((uow) => {
      const state = this.openRun(p);
      this.ctx.runs.mutate(uow, state.runId, (tx) => terminateRun(tx, p));
    });
    return {};
  }

  find(p: { namespace: string; workflowId: string; runId?: string }): RunState {
    this.requireNamespace(p.namespace);
    return this.ctx.runs.find(p.namespace, p.workflowId, p.runId);
  }

  describe(p: RequestParams<'workflow.describe'>): WorkflowDescription {
    const s = this.find(p);
    const wt = s.workflowTask;
    const timers = deriveTimers(s);
    const why = closeReason(s, (from, to) => this.ctx.runs.readEvents(s.runId, from, to));
    const first = this.ctx.runs.readEvents(s.runId, 1, 1)[0];
    const userMetadata = first?.userMetadata;
    const started = first?.type === 'WorkflowExecutionStarted' ? first : undefined;
    return {
      ...executionInfo(s),
      firstExecutionRunId: s.firstExecutionRunId,
      ...definedFields({
        workflowExecutionTimeoutMs: started?.workflowExecutionTimeoutMs,
        workflowRunTimeoutMs: started?.workflowRunTimeoutMs,
        workflowTaskTimeoutMs: started?.workflowTaskTimeoutMs,
      }),
      ...(why ? { closeReason: why } : {}),
      ...(userMetadata ? { userMetadata } : {}),
      pendingActivities: Object.values(s.activities).map((a) => ({
        activityId: a.activityId,
        activityType: a.activityType,
        scheduledEventId: a.scheduledEventId,
        state: a.cancelRequested
          ? 'CANCEL_REQUESTED'
          : a.status === 'started'
            ? 'STARTED'
            : a.status === 'backoff'
              ? 'BACKOFF'
              : 'SCHEDULED',
        attempt: a.attempt,
        maximumAttempts: a.retryPolicy.maximumAttempts,
        ...definedFields({
          lastFailure: a.lastFailure,
          heartbeatDetails: a.heartbeatDetails,
          lastHeartbeatTime: optionalIso(a.lastHeartbeatAt),
          lastStartedTime: optionalIso(a.startedAt),
          nextAttemptScheduleTime: optionalIso(a.retryAt),
          lastWorkerIdentity: a.identity || undefined,
        }),
      })),
      pendingTimers: timers.filter((t) => t.kind === 'user-timer').map((t) => ({ timerId: t.key, fireTime: iso(t.fireAt) })),
      pendingChildren: Object.values(s.children).map((c) => ({
        workflowId: c.workflowId,
        ...definedFields({ runId: c.runId }),
        workflowType: c.workflowType,
        initiatedEventId: c.initiatedEventId,
        parentClosePolicy: c.parentClosePolicy,
      })),
      ...(s.parent ? { parent: { workflowId: s.parent.workflowId, runId: s.parent.runId } } : {}),
      ...(wt
        ? {
            pendingWorkflowTask: {
              state: wt.status === 'started' ? 'STARTED' : wt.status === 'backoff' ? 'BACKOFF' : 'SCHEDULED',
              attempt: wt.attempt,
              scheduledTime: iso(wt.scheduledAt),
              ...definedFields({
                startedTime: optionalIso(wt.startedAt),
                lastFailure: wt.lastFailure,
                nextAttemptScheduleTime: optionalIso(wt.retryAt),
              }),
              ...(firstTaskDelayed(s)
                ? {
                    waitingReason: s.cron
                      ? `Waits for the next time of its cron schedule "${s.cron.schedule}".`
                      : 'Waits for its start delay.',
                  }
                : {}),
              ...(wt.status === 'scheduled'
                ? {
                    waitingReason: this.ctx.matching.explainWaiting({
                      namespace: s.namespace,
                      taskQueue: s.taskQueue,
                      kind: 'workflow',
                      typeName: s.workflowType,
                      buildId: s.pinnedBuildId ?? null,
                    }),
                  }
                : {}),
            },
          }
        : {}),
    };
  }

  /**
   * Resets a workflow (Temporal's ResetWorkflowExecution): a new run whose history is this run's up to
   * the reset point's workflow task, which then fails (cause RESET_WORKFLOW) and runs again; signals
   * received after that point are delivered again. The old run, if it runs, is terminated.
   */
  reset(p: RequestParams<'workflow.reset'>): Promise<RequestResult<'workflow.reset'>> {
    if ((p.eventId === undefined) === (p.type === undefined)) {
      return Promise.reject(
        new EngineError(
          'INVALID_ARGUMENT',
          'Reset needs exactly one of eventId (a WorkflowTaskCompleted event) or type (FirstWorkflowTask or LastWorkflowTask).',
        ),
      );
    }
    return this.ctx.committer.run((uow) => {
      this.requireNamespace(p.namespace);
      const { runs, clock } = this.ctx;
      const old = runs.find(p.namespace, p.workflowId, p.runId);
      const events = runs.readEvents(old.runId, 1);
      const point = resetPoint(events, { eventId: p.eventId, type: p.type });
      const runId = randomUUID();
      const now = clock.now();
      const state = rebuildState(
        {
          namespace: old.namespace,
          workflowId: old.workflowId,
          runId,
          firstExecutionRunId: old.firstExecutionRunId,
          startRequestId: `reset-${runId}`,
          executionExpiresAt: old.executionExpiresAt,
        },
        events.filter((e) => e.eventId <= point.startedEventId),
        now,
      );
      state.startTime = now; // Lists show the new run as started now; its history keeps the original start event.
      const tx = new RunTransition(state, now);
      tx.events.push(...events.filter((e) => e.eventId <= point.startedEventId));
      const why = `reset to event ${point.eventId}${p.reason ? `: ${p.reason}` : ''}`;
      tx.append({
        type: 'WorkflowTaskFailed',
        scheduledEventId: point.scheduledEventId,
        startedEventId: point.startedEventId,
        cause: 'RESET_WORKFLOW',
        failure: serverFailure(`The workflow was ${why}.`, false),
        ...(p.identity ? { identity: p.identity } : {}),
        // Temporal's: the new run's id seeds the workflow's randomness from here on (sdk-core's UpdateRandomSeed).
        baseRunId: old.runId,
        newRunId: runId,
      });
      state.workflowTask = undefined;
      // Signals that came after the reset point happened in the world: the new run gets them too.
      for (const e of events) {
        if (e.eventId <= point.startedEventId || e.type !== 'WorkflowExecutionSignaled') continue;
        const { eventId: _id, eventTime: _time, ...signal } = e;
        tx.append(signal);
        if (signal.requestId) state.signalRequestIds.push(signal.requestId);
      }
      scheduleWorkflowTask(tx, 1);
      if (old.status === 'RUNNING') {
        runs.mutate(uow, old.runId, (t) => terminateRun(t, { reason: `${why} (new run ${runId})`, identity: p.identity }));
      }
      runs.create(uow, tx);
      return { runId };
    });
  }

  /** Deletes a run and its history (Temporal's DeleteWorkflowExecution); a running one is terminated first. */
  delete(p: RequestParams<'workflow.delete'>): Promise<void> {
    return this.ctx.committer.run((uow) => {
      this.requireNamespace(p.namespace);
      const state = this.ctx.runs.find(p.namespace, p.workflowId, p.runId);
      if (state.status === 'RUNNING') {
        this.ctx.runs.mutate(uow, state.runId, (tx) => terminateRun(tx, { reason: 'deleted', identity: p.identity }));
      }
      this.ctx.runs.delete(uow, state.runId);
      uow.afterCommit(() => this.executionWatches.deleted(state.namespace, state.runId));
    });
  }

  /** Pins a run's workflow tasks to one build of the workflow code, or unpins it (`rewind dev`). */
  pinBuild(p: RequestParams<'workflow.pinBuild'>): Promise<void> {
    return this.ctx.committer.run((uow) => {
      const state = this.openRun(p);
      this.ctx.runs.mutate(uow, state.runId, (tx) => {
        if (p.buildId) tx.state.pinnedBuildId = p.buildId;
        else delete tx.state.pinnedBuildId;
      });
    });
  }

  history(p: RequestParams<'workflow.history'>): RequestResult<'workflow.history'> {
    const s = this.find(p);
    const events = this.ctx.runs.readEvents(s.runId, p.fromEventId ?? 1, p.toEventId, p.maxEvents);
    const last = events[events.length - 1];
    return { runId: s.runId, events, nextEventId: last ? last.eventId + 1 : (p.fromEventId ?? 1), closed: s.status !== 'RUNNING' };
  }

  /** Resolves when the run closes; `cancelWait` receives a function that stops waiting. */
  result(p: RequestParams<'workflow.result'>, cancelWait: (stop: () => void) => void): Promise<RequestResult<'workflow.result'>> {
    const s = this.find(p);
    if (s.outcome) return Promise.resolve(this.resultOf(s.runId, s.outcome));
    return new Promise((resolve) => {
      cancelWait(this.waiters.wait(s.runId, (outcome: WorkflowOutcome) => resolve(this.resultOf(s.runId, outcome))));
    });
  }

  /** A closed run's outcome, with where a failure happened (the client's WorkflowFailedError says it). */
  private resultOf(runId: string, outcome: WorkflowOutcome): RequestResult<'workflow.result'> {
    if (outcome.status !== 'FAILED') return { runId, outcome };
    const closeEventId = (this.ctx.runs.get(runId)?.nextEventId ?? 1) - 1;
    const site = failureSite(outcome.failure, closeEventId, (from, to) => this.ctx.runs.readEvents(runId, from, to));
    return { runId, outcome, ...(site ? { failureSite: site } : {}) };
  }

  list(p: RequestParams<'workflow.list'>): RequestResult<'workflow.list'> {
    this.requireNamespace(p.namespace);
    const limit = p.pageSize ?? 100;
    let after: Infer<typeof pageTokenSchema> | undefined;
    if (p.nextPageToken) {
      try {
        after = pageTokenSchema.parse(JSON.parse(Buffer.from(p.nextPageToken, 'base64url').toString('utf8')), 'nextPageToken');
      } catch {
        throw new EngineError('INVALID_ARGUMENT', 'nextPageToken is not a token this server gave out.');
      }
    }
    const executions = withQuery(() =>
      this.ctx.store.listRuns({
        namespace: p.namespace,
        limit: limit + 1,
        after,
        query: p.query,
      }),
    );
    if (executions.length <= limit) return { executions };
    executions.length = limit;
    const last = executions[limit - 1]!;
    const token = Buffer.from(JSON.stringify({ startTime: Date.parse(last.startTime), runId: last.runId })).toString('base64url');
    return { executions, nextPageToken: token };
  }

  count(p: RequestParams<'workflow.count'>): RequestResult<'workflow.count'> {
    this.requireNamespace(p.namespace);
    return { count: withQuery(() => this.ctx.store.countRuns({ namespace: p.namespace, query: p.query })) };
  }
}

/** Runs a listing; a query that does not parse is the caller's mistake, said as such. */
export function withQuery<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw new EngineError('INVALID_ARGUMENT', err.message);
    throw err;
  }
}
