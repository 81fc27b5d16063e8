// Starting workflows and getting handles on them (Temporal's WorkflowClient, as `client.workflow`).
import { randomUUID } from 'node:crypto';
import { msOptionalToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { SignalDefinition, WithWorkflowArgs, Workflow, WorkflowResultType } from '../common/interfaces';
import { toPayload, toPayloads } from '../common/payloads';
import type {
  Payload,
  RequestParams,
  StartResult,
  StartWarning,
  WorkflowExecutionInfo,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '../protocol';
import { typed } from './service-errors';
import { WorkflowHandle, type HandleContext } from './workflow-handle';

export interface BaseWorkflowStartOptions {
  taskQueue: string;
  workflowId: string;
  workflowExecutionTimeout?: Duration;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  workflowIdReusePolicy?: WorkflowIdReusePolicy;
  /** When a run with this id is running: FAIL (default), USE_EXISTING, or TERMINATE_EXISTING. */
  workflowIdConflictPolicy?: WorkflowIdConflictPolicy;
  memo?: Record<string, unknown>;
  searchAttributes?: Record<string, unknown[]>;
  /**
   * Temporal's older way to repeat a workflow (prefer `client.schedule`): a cron expression in UTC. The
   * first run waits for the first matching time; each run that completes, fails or times out is followed
   * by the next at the next matching time, until the workflow is cancelled or terminated, or its
   * workflowExecutionTimeout passes. Runs read `workflowInfo().lastResult` / `lastFailure`.
   */
  cronSchedule?: string;
  /** Wait this long before the workflow's first task (a signalWithStart ends the wait). Not with cronSchedule. */
  startDelay?: Duration;
}

export type WorkflowStartOptions<W extends Workflow = Workflow> = WithWorkflowArgs<W, BaseWorkflowStartOptions>;

export type WorkflowHandleWithFirstExecutionRunId<W extends Workflow = Workflow> = WorkflowHandle<W> & { firstExecutionRunId: string };

export type WorkflowSignalWithStartOptions<
  W extends Workflow = Workflow,
  SignalArgs extends unknown[] = unknown[],
> = WorkflowStartOptions<W> & {
  signal: SignalDefinition<SignalArgs> | string;
  signalArgs?: SignalArgs;
};

export type WorkflowHandleWithSignaledRunId<W extends Workflow = Workflow> = WorkflowHandle<W> & { signaledRunId: string };

function workflowTypeOf(workflowTypeOrFunc: string | Workflow): string {
  const name = typeof workflowTypeOrFunc === 'string' ? workflowTypeOrFunc : workflowTypeOrFunc.name;
  if (!name) throw new ValueError('Cannot tell the workflow type: pass a named workflow function or its name as a string.');
  return name;
}

/** A start whose workflow no live worker would run yet: the server's words, and which start it was. */
export interface WorkflowStartWarning extends StartWarning {
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
}

export interface WorkflowClientOptions {
  /**
   * Told of each start whose workflow no live worker would run yet (the run is started and waits for
   * one, as in Temporal). Default: a process warning (`process.emitWarning`, type 'RewindWarning',
   * code 'REWIND_<code>'), once per task queue and workflow type for this client: at once when workers
   * poll the queue but none has the type (a mistyped or unregistered name); when no worker polls the
   * queue at all, only if the run still waits for one a few seconds later (its worker often starts just
   * after, as in `worker.runUntil(client.workflow.execute(…))`), in the server's words then (a mistyped
   * queue: "did you mean task queue 'orders'?").
   */
  onStartWarning?: (warning: WorkflowStartWarning) => void;
  /**
   * @internal When the default warning looks again at a run started on a queue no worker polled:
   * 3 s later (tests run `check` when they choose).
   */
  scheduleNoWorkerCheck?: (check: () => Promise<void>) => void;
}

const NO_WORKER_GRACE_S = 3;

export class WorkflowClient {
  /** Task queue and type pairs warned about already (the default onStartWarning). */
  private readonly warned = new Set<string>();
  private readonly onStartWarning: (warning: WorkflowStartWarning) => void;
  private readonly scheduleNoWorkerCheck: (check: () => Promise<void>) => void;

  constructor(
    private readonly ctx: HandleContext,
    options: WorkflowClientOptions = {},
  ) {
    this.onStartWarning = options.onStartWarning ?? ((w) => this.warnOnce(w));
    this.scheduleNoWorkerCheck =
      options.scheduleNoWorkerCheck ?? ((check) => void setTimeout(() => void check(), NO_WORKER_GRACE_S * 1000).unref());
  }

  private warnOnce(w: WorkflowStartWarning): void {
    const key = `${w.taskQueue}\u0000${w.workflowType}`;
    if (this.warned.has(key)) return;
    if (w.code === 'TYPE_NOT_REGISTERED') return this.warn(key, w.code, `${startedText(w)} no worker can run it yet: ${w.message}`);
    // No worker polls the queue: said only if the run still waits for one a while later, in the words of then.
    this.scheduleNoWorkerCheck(async () => {
      const d = await this.ctx.connection
        .call('workflow.describe', { namespace: this.ctx.namespace, workflowId: w.workflowId, runId: w.runId })
        .catch(() => undefined); // The connection closed, or the run is gone: nothing to say.
      const task = d?.status === 'RUNNING' ? d.pendingWorkflowTask : undefined;
      if (task?.state === 'SCHEDULED' && task.waitingReason && !this.warned.has(key)) {
        this.warn(key, w.code, `${startedText(w)} no worker has run it after ${NO_WORKER_GRACE_S} s: ${task.waitingReason}`);
      }
    });
  }

  private warn(key: string, code: string, message: string): void {
    this.warned.add(key);
    process.emitWarning(message, { type: 'RewindWarning', code: `REWIND_${code}` });
  }

  /** Tells onStartWarning what the server said of a start, if anything. */
  private started(params: RequestParams<'workflow.start'>, result: StartResult): void {
    if (!result.warning) return;
    const { code, message } = result.warning;
    this.onStartWarning({
      code,
      message,
      workflowId: params.workflowId,
      runId: result.runId,
      workflowType: params.workflowType,
      taskQueue: params.taskQueue,
    });
  }

  /** The start request's parameters, checked and converted. */
  private startParams<W extends Workflow>(
    workflowTypeOrFunc: string | W,
    options: WorkflowStartOptions<W>,
  ): RequestParams<'workflow.start'> {
    const workflowType = workflowTypeOf(workflowTypeOrFunc);
    if (!options || typeof options.taskQueue !== 'string' || !options.taskQueue)
      throw new ValueError('WorkflowStartOptions.taskQueue is required.');
    if (typeof options.workflowId !== 'string' || !options.workflowId) throw new ValueError('WorkflowStartOptions.workflowId is required.');
    const args = toPayloads((options.args ?? []) as readonly unknown[], `workflow ${workflowType}`);
    const memo = options.memo ? mapValues(options.memo, (v, k) => toPayload(v, `memo ${k}`)) : undefined;
    const searchAttributes = options.searchAttributes
      ? mapValues(options.searchAttributes, (v, k) => toPayloads(v, `search attribute ${k}`))
      : undefined;
    const execution = msOptionalToNumber(options.workflowExecutionTimeout);
    const run = msOptionalToNumber(options.workflowRunTimeout);
    const task = msOptionalToNumber(options.workflowTaskTimeout);
    const startDelay = msOptionalToNumber(options.startDelay);
    return {
      namespace: this.ctx.namespace,
      workflowId: options.workflowId,
      workflowType,
      taskQueue: options.taskQueue,
      args,
      requestId: randomUUID(),
      identity: this.ctx.identity,
      ...(execution !== undefined ? { workflowExecutionTimeoutMs: execution } : {}),
      ...(run !== undefined ? { workflowRunTimeoutMs: run } : {}),
      ...(task !== undefined ? { workflowTaskTimeoutMs: task } : {}),
      ...(options.workflowIdReusePolicy ? { workflowIdReusePolicy: options.workflowIdReusePolicy } : {}),
      ...(options.workflowIdConflictPolicy ? { workflowIdConflictPolicy: options.workflowIdConflictPolicy } : {}),
      ...(memo ? { memo } : {}),
      ...(searchAttributes ? { searchAttributes } : {}),
      ...(options.cronSchedule ? { cronSchedule: options.cronSchedule } : {}),
      ...(startDelay ? { startDelayMs: startDelay } : {}),
    };
  }

  /** Starts a workflow; resolves once the server has recorded it. A start no live worker would run yet is warned about (WorkflowClientOptions). */
  async start<W extends Workflow>(
    workflowTypeOrFunc: string | W,
    options: WorkflowStartOptions<W>,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<W>> {
    const params = this.startParams(workflowTypeOrFunc, options);
    const result = await typed({ workflowId: params.workflowId, workflowType: params.workflowType, namespace: this.ctx.namespace }, () =>
      this.ctx.connection.call('workflow.start', params),
    );
    this.started(params, result);
    const { runId } = result;
    return new WorkflowHandle<W>(this.ctx, options.workflowId, undefined, runId) as WorkflowHandleWithFirstExecutionRunId<W>;
  }

  /** Signals the workflow with this id if it runs; otherwise starts it and signals it, in one step. */
  async signalWithStart<W extends Workflow, SignalArgs extends unknown[] = unknown[]>(
    workflowTypeOrFunc: string | W,
    options: WorkflowSignalWithStartOptions<W, SignalArgs>,
  ): Promise<WorkflowHandleWithSignaledRunId<W>> {
    const { workflowIdConflictPolicy: _ignored, ...start } = this.startParams(workflowTypeOrFunc, options);
    const signalName = typeof options.signal === 'string' ? options.signal : options.signal.name;
    const result = await typed({ workflowId: start.workflowId, workflowType: start.workflowType, namespace: this.ctx.namespace }, () =>
      this.ctx.connection.call('workflow.signalWithStart', {
        ...start,
        signalName,
        signalArgs: toPayloads((options.signalArgs ?? []) as unknown[], `signal ${signalName}`),
      }),
    );
    this.started(start, result);
    const { runId } = result;
    const handle = new WorkflowHandle<W>(this.ctx, options.workflowId, undefined, runId) as WorkflowHandleWithSignaledRunId<W>;
    Object.defineProperty(handle, 'signaledRunId', { value: runId, enumerable: true });
    return handle;
  }

  /** Starts a workflow and waits for its result. */
  async execute<W extends Workflow>(workflowTypeOrFunc: string | W, options: WorkflowStartOptions<W>): Promise<WorkflowResultType<W>> {
    const handle = await this.start(workflowTypeOrFunc, options);
    return handle.result();
  }

  /** The result of a workflow by id (and run id). */
  async result<W extends Workflow = Workflow>(workflowId: string, runId?: string): Promise<WorkflowResultType<W>> {
    return this.getHandle<W>(workflowId, runId).result();
  }

  /** A handle on an existing workflow; nothing is checked until it is used. */
  getHandle<W extends Workflow = Workflow>(
    workflowId: string,
    runId?: string,
    options: { firstExecutionRunId?: string } = {},
  ): WorkflowHandle<W> {
    return new WorkflowHandle<W>(this.ctx, workflowId, runId, options.firstExecutionRunId);
  }

  /** How many workflow executions match `query` (the filter language of list). */
  async count(query?: string): Promise<CountWorkflowExecution> {
    return typed({ namespace: this.ctx.namespace }, () =>
      this.ctx.connection.call('workflow.count', { namespace: this.ctx.namespace, ...(query ? { query } : {}) }),
    );
  }

  /**
   * Lists workflow executions, newest first; `query` filters them as Temporal's list filters do:
   * `WorkflowType = 'order' AND ExecutionStatus = 'Running' AND Customer = 'ada'`.
   */
  async *list(options: { query?: string; pageSize?: number } = {}): AsyncIterable<WorkflowExecutionInfo> {
    let nextPageToken: string | undefined;
    do {
      const page = await typed({ namespace: this.ctx.namespace }, () =>
        this.ctx.connection.call('workflow.list', {
          namespace: this.ctx.namespace,
          ...(options.query ? { query: options.query } : {}),
          ...(options.pageSize ? { pageSize: options.pageSize } : {}),
          ...(nextPageToken ? { nextPageToken } : {}),
        }),
      );
      yield* page.executions;
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
  }
}

/** How many executions match a filter (all of them without one). */
export type CountWorkflowExecution = { count: number };

function mapValues<T, U>(record: Record<string, T>, fn: (value: T, key: string) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(record)) out[k] = fn(v, k);
  return out;
}

export type { Payload };

const startedText = (w: WorkflowStartWarning): string => `Workflow ${w.workflowId} (type ${w.workflowType}) was started, but`;
