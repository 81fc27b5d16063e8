// Starting workflows and getting handles on them (Temporal's WorkflowClient, as `client.workflow`).
import { searchAttributesToWire, searchAttributeTypesToWire } from '../common/search-attributes';
import { randomUUID } from 'node:crypto';
import { msOptionalToNumber } from '../common/duration';
import { definedFields } from '../common/defined-fields';
import { ValueError } from '../common/errors';
import type { UpdateDefinition, Workflow, WorkflowResultType } from '../common/interfaces';
import { toPayload, toPayloads } from '../common/payloads';
import type { Payload, RequestParams, RequestResult, StartResult, StartWarning, WorkflowExecutionInfo } from '../protocol';
import { CallScopes } from './call-scopes';
import { clientContext, type BaseClientOptions } from './client-options';
import type { Connection } from './connection';
import { typed } from './service-errors';
import { WorkflowHandleImpl, type HandleContext, type WorkflowHandle } from './workflow-handle';
import { claimOperation } from './with-start-workflow-operation';
import { WorkflowUpdateHandleImpl, WorkflowUpdateStage, type WorkflowUpdateHandle, wireUpdateStage } from './workflow-update';
import type {
  WorkflowStartOptions,
  WorkflowHandleWithStartDetails,
  WorkflowUpdateWithStartOptions,
  WorkflowSignalWithStartOptions,
  WorkflowHandleWithSignaledRunId,
} from './workflow-start-options';
import type { RefusedMember } from '../common/refused-members';

export type {
  BaseWorkflowStartOptions,
  WorkflowStartOptions,
  WorkflowHandleWithFirstExecutionRunId,
  WorkflowHandleWithStartDetails,
  WorkflowUpdateWithStartOptions,
  WorkflowSignalWithStartOptions,
  WorkflowHandleWithSignaledRunId,
} from './workflow-start-options';

function workflowTypeOf(workflowTypeOrFunc: string | Workflow): string {
  const name = typeof workflowTypeOrFunc === 'string' ? workflowTypeOrFunc : workflowTypeOrFunc.name;
  if (!name) throw new ValueError('Cannot tell the workflow type: pass a named workflow function or its name as a string.');
  return name;
}

/**
 * A start whose workflow no live worker would run yet (`code` `TYPE_NOT_REGISTERED` when workers poll the
 * queue but none has the type, else no worker polls it), the server's `message` saying what it found
 * (the types the queue's workers have, the closest name), and which start it was.
 */
export interface WorkflowStartWarning extends StartWarning {
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
}

/**
 * What `new WorkflowClient()` takes (Temporal's `WorkflowClientOptions`, those that apply): its connection,
 * namespace and identity (defaults as `new Client()`'s), and what to do with start warnings. Prefer
 * `client.workflow` of a {@link Client}.
 */
export interface WorkflowClientOptions extends BaseClientOptions {
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

/**
 * Starts workflows and finds them, as Temporal's `WorkflowClient`; use it as `client.workflow`.
 * Every method rejects with a `ConnectionError` if the server cannot be reached, and with a
 * `NamespaceNotFoundError` if the client's namespace does not exist.
 */
export class WorkflowClient extends CallScopes {
  // Temporal's members that Rewind does not have, refused with why and what to use (common/refused-members.ts).
  /** @deprecated WorkflowClient.options (Temporal's) is not in Rewind: see the type's text. */
  declare readonly options: RefusedMember<'WorkflowClient.options', 'clientOptions'>;

  /** The connection the client calls the server on. */
  get connection(): Connection {
    return this.ctx.connection;
  }

  /** Task queue and type pairs warned about already (the default onStartWarning). */
  private readonly warned = new Set<string>();
  private readonly onStartWarning: (warning: WorkflowStartWarning) => void;
  private readonly scheduleNoWorkerCheck: (check: () => Promise<void>) => void;

  private readonly ctx: HandleContext;

  constructor(options: WorkflowClientOptions = {}) {
    super();
    this.ctx = clientContext(options);
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
    const searchAttributes = searchAttributesToWire(options.searchAttributes, options.typedSearchAttributes);
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
      ...definedFields({
        workflowExecutionTimeoutMs: execution,
        workflowRunTimeoutMs: run,
        workflowTaskTimeoutMs: task,
        workflowIdReusePolicy: options.workflowIdReusePolicy,
        workflowIdConflictPolicy: options.workflowIdConflictPolicy,
        memo,
        searchAttributes,
        searchAttributeTypes: searchAttributeTypesToWire(options.typedSearchAttributes),
        // An empty schedule is none, a start delay of 0 none.
        cronSchedule: options.cronSchedule || undefined,
        startDelayMs: startDelay || undefined,
      }),
    };
  }

  /**
   * Starts a workflow and resolves once the server has recorded it (before any of its code runs), with a
   * handle whose `result()` waits for it. As in Temporal, a start no worker would run yet is made all the
   * same (the run waits for a worker); Rewind also warns of it (see {@link WorkflowClientOptions.onStartWarning}).
   *
   * ```ts
   * const handle = await client.workflow.start(orderWorkflow, { taskQueue: 'orders', workflowId: 'order-42', args: ['order-42'] });
   * ```
   *
   * @param workflowTypeOrFunc the workflow function (typed arguments and result), or its name.
   * @throws WorkflowExecutionAlreadyStartedError if a workflow with this id runs (conflict policy `FAIL`) or
   *   ran and the reuse policy refuses another run.
   * @throws ValueError if `taskQueue` or `workflowId` is missing, or an argument, memo or search attribute
   *   is not JSON or larger than 4 MB.
   */
  async start<W extends Workflow>(
    workflowTypeOrFunc: string | W,
    options: WorkflowStartOptions<W>,
  ): Promise<WorkflowHandleWithStartDetails<W>> {
    const params = this.startParams(workflowTypeOrFunc, options);
    const result = await typed({ workflowId: params.workflowId, workflowType: params.workflowType, namespace: this.ctx.namespace }, () =>
      this.ctx.connection.call('workflow.start', params),
    );
    this.started(params, result);
    const { runId } = result;
    const handle = new WorkflowHandleImpl<W>(
      this.ctx,
      this,
      options.workflowId,
      undefined,
      runId,
    ) as WorkflowHandle<W> as WorkflowHandleWithStartDetails<W>;
    Object.defineProperty(handle, 'eagerlyStarted', { value: false, enumerable: true });
    return handle;
  }

  /**
   * Sends a signal to the workflow with this id if it runs; otherwise starts it and sends the signal, in one
   * step, so that the signal is never lost between a start and a send (Temporal's `signalWithStart`). The
   * signal is the first thing the new run sees, and it ends a `startDelay`. The conflict policy does not
   * apply (a running workflow is signalled); the reuse policy does, when it starts one.
   *
   * @throws WorkflowExecutionAlreadyStartedError if the workflow must be started and the reuse policy refuses.
   */
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
    const handle = new WorkflowHandleImpl<W>(
      this.ctx,
      this,
      options.workflowId,
      undefined,
      runId,
    ) as WorkflowHandle<W> as WorkflowHandleWithSignaledRunId<W>;
    Object.defineProperty(handle, 'signaledRunId', { value: runId, enumerable: true });
    return handle;
  }

  /**
   * Update-with-start, as Temporal's: starts the workflow `startWorkflowOperation` describes unless one runs
   * with its id (then its `workflowIdConflictPolicy` decides: `USE_EXISTING` updates the running one, `FAIL`
   * throws), sends it the update, and returns the update's result. The start and the update's admission are
   * one step on the server, so the update reaches the workflow's first task when it starts it. The
   * workflow's handle is `await startWorkflowOperation.workflowHandle()`, whether or not the update succeeds.
   *
   * ```ts
   * const startWorkflowOperation = new WithStartWorkflowOperation(cart, { workflowId: 'cart-ada', taskQueue: 'shop', workflowIdConflictPolicy: 'USE_EXISTING' });
   * const total = await client.workflow.executeUpdateWithStart(addItem, { args: ['book'], startWorkflowOperation });
   * ```
   *
   * @param updateDef the definition from `defineUpdate` (typed arguments and result), or the update's name.
   * @throws WorkflowUpdateFailedError if the validator rejected the update, its handler threw, or the workflow closed first.
   * @throws WorkflowExecutionAlreadyStartedError if a workflow with this id runs and the policy is `FAIL` (no
   *   update is sent), or the reuse policy refuses a new run; the operation's `workflowHandle()` rejects with it.
   * @throws Error if the operation was used by a call before.
   */
  async executeUpdateWithStart<W extends Workflow, Ret, Args extends unknown[]>(
    updateDef: UpdateDefinition<Ret, Args> | string,
    updateOptions: WorkflowUpdateWithStartOptions<W, Args>,
  ): Promise<Ret> {
    const handle = await this.updateWithStart<W, Ret, Args>(updateDef, updateOptions, WorkflowUpdateStage.COMPLETED);
    return handle.result();
  }

  /**
   * Update-with-start that returns once the workflow has accepted the update (its validator passed) or
   * rejected it: the returned handle's `result()` waits for the handler, and throws
   * `WorkflowUpdateFailedError` for a rejected update (as Temporal's). As {@link executeUpdateWithStart} otherwise.
   *
   * @throws WorkflowExecutionAlreadyStartedError as {@link executeUpdateWithStart}.
   */
  async startUpdateWithStart<W extends Workflow, Ret, Args extends unknown[]>(
    updateDef: UpdateDefinition<Ret, Args> | string,
    updateOptions: WorkflowUpdateWithStartOptions<W, Args> & { waitForStage: 'ACCEPTED' },
  ): Promise<WorkflowUpdateHandle<Ret>> {
    return this.updateWithStart<W, Ret, Args>(updateDef, updateOptions, updateOptions.waitForStage);
  }

  private async updateWithStart<W extends Workflow, Ret, Args extends unknown[]>(
    updateDef: UpdateDefinition<Ret, Args> | string,
    options: WorkflowUpdateWithStartOptions<W, Args>,
    waitForStage: WorkflowUpdateStage,
  ): Promise<WorkflowUpdateHandle<Ret>> {
    const op = options?.startWorkflowOperation;
    const settle = claimOperation(op);
    const name = typeof updateDef === 'string' ? updateDef : updateDef.name;
    const updateId = options.updateId ?? randomUUID();
    let start: RequestParams<'workflow.start'>;
    let result: RequestResult<'workflow.updateWithStart'>;
    try {
      if (!op.options?.workflowIdConflictPolicy) {
        throw new ValueError(
          "WithStartWorkflowOperation needs workflowIdConflictPolicy: 'USE_EXISTING' (update the running workflow with this id), " +
            "'FAIL' (refuse if one runs) or 'TERMINATE_EXISTING' (replace it).",
        );
      }
      start = this.startParams(op.workflowTypeOrFunc, op.options);
      const p = start;
      const update = {
        updateId,
        name,
        args: toPayloads((options.args ?? []) as unknown[], `update ${name}`),
        waitForStage: wireUpdateStage(waitForStage),
      };
      result = await typed({ workflowId: p.workflowId, workflowType: p.workflowType, namespace: this.ctx.namespace }, () =>
        this.ctx.connection.call('workflow.updateWithStart', {
          ...p,
          workflowIdConflictPolicy: op.options.workflowIdConflictPolicy,
          update,
        }),
      );
    } catch (err) {
      settle.reject(err);
      throw err;
    }
    this.started(start, result);
    const { workflowId } = op.options;
    settle.resolve(new WorkflowHandleImpl<W>(this.ctx, this, workflowId, undefined, result.runId));
    // A rejected update comes back completed: the handle's result() throws its WorkflowUpdateFailedError.
    return new WorkflowUpdateHandleImpl<Ret>({ ...this.ctx, workflowId }, updateId, result.update.runId, result.update);
  }

  /**
   * Starts a workflow and waits for its result: `start()` then `result()` of its handle.
   *
   * @throws WorkflowFailedError if the workflow fails, is cancelled, terminated or times out.
   * @throws WorkflowExecutionAlreadyStartedError as {@link start}.
   */
  async execute<W extends Workflow>(workflowTypeOrFunc: string | W, options: WorkflowStartOptions<W>): Promise<WorkflowResultType<W>> {
    const handle = await this.start(workflowTypeOrFunc, options);
    return handle.result();
  }

  /**
   * Waits for the result of a workflow by id: `getHandle(workflowId, runId).result()`.
   *
   * @throws WorkflowFailedError if it did not complete; `WorkflowNotFoundError` if there is no such workflow.
   */
  async result<W extends Workflow = Workflow>(workflowId: string, runId?: string): Promise<WorkflowResultType<W>> {
    return this.getHandle<W>(workflowId, runId).result();
  }

  /**
   * A handle on a workflow by its id: nothing is sent or checked until it is used (a method of a handle on a
   * workflow that does not exist throws `WorkflowNotFoundError`).
   *
   * @param runId binds the handle to this run; without it, each call acts on the workflow's latest run.
   * @param options.firstExecutionRunId the run a start made: `result()` follows the chain of runs from it.
   */
  getHandle<W extends Workflow = Workflow>(
    workflowId: string,
    runId?: string,
    options: { firstExecutionRunId?: string } = {},
  ): WorkflowHandle<W> {
    return new WorkflowHandleImpl<W>(this.ctx, this, workflowId, runId, options.firstExecutionRunId);
  }

  /**
   * How many runs of the namespace match `query` (all of them without one), in the filter language of
   * {@link list}.
   *
   * @throws ServiceError (`INVALID_ARGUMENT`) if the query does not parse: the message says where.
   */
  async count(query?: string): Promise<CountWorkflowExecution> {
    return typed({ namespace: this.ctx.namespace }, () =>
      this.ctx.connection.call('workflow.count', { namespace: this.ctx.namespace, ...(query ? { query } : {}) }),
    );
  }

  /**
   * Lists the namespace's runs, newest first, fetching pages as the loop goes (`for await`). `query`
   * filters them in Temporal's list filter language, over `WorkflowId`, `RunId`, `WorkflowType`,
   * `ExecutionStatus`, `TaskQueue`, `StartTime`, `CloseTime`, `HistoryLength` and your search attributes:
   * `WorkflowType = 'orderWorkflow' AND ExecutionStatus = 'Running' AND Customer = 'ada'`. It takes `=`,
   * `!=`, `<`, `<=`, `>`, `>=`, `IN`, `BETWEEN`, `STARTS_WITH`, `IS NULL`, `AND`, `OR`, `NOT` and
   * parentheses (no `ORDER BY`).
   *
   * @param options.pageSize how many runs each request to the server brings.
   * @throws ServiceError (`INVALID_ARGUMENT`) if the query does not parse: the message says where.
   */
  async *list(options: { query?: string; pageSize?: number } = {}): AsyncIterable<WorkflowExecutionInfo> {
    let nextPageToken: string | undefined;
    do {
      const page = await typed({ namespace: this.ctx.namespace }, () =>
        this.ctx.connection.call('workflow.list', {
          namespace: this.ctx.namespace,
          // An empty query or a page size of 0 is none; the token is undefined or not empty (see the loop's test).
          ...definedFields({ query: options.query || undefined, pageSize: options.pageSize || undefined, nextPageToken }),
        }),
      );
      yield* page.executions;
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
  }
}

/** What `client.workflow.count()` answers: how many runs match the filter (all of them without one). */
export type CountWorkflowExecution = { count: number };

function mapValues<T, U>(record: Record<string, T>, fn: (value: T, key: string) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(record)) out[k] = fn(v, k);
  return out;
}

export type { Payload };

const startedText = (w: WorkflowStartWarning): string => `Workflow ${w.workflowId} (type ${w.workflowType}) was started, but`;
