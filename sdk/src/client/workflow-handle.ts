// A handle on one workflow (and, if given, one run of it): result, signal, query, update, cancel,
// terminate, describe, fetchHistory — as Temporal's WorkflowHandle.
import { TypedSearchAttributes } from '../common/typed-search-attributes';
import { definedFields } from '../common/defined-fields';
import { searchAttributesFromWire, type SearchAttributes } from '../common/search-attributes';
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '../common/failures';
import { failureToError } from '../common/failure-convert';
import type { QueryDefinition, SignalDefinition, UpdateDefinition, Workflow, WorkflowResultType } from '../common/interfaces';
import { toPayloads } from '../common/payloads';
import { argsOfCallOptions, type WorkflowQueryOptions, type WorkflowSignalOptions } from '../common/workflow-handle-options';
import { decodePayload, decodePayloadLeniently, decodePayloadRecord } from '../common/payload-decoding';
import { failureChainText } from '../common/failure-text';
import type { ExecutionStatus, FailureSite, History, JsonValue, WorkflowDescription, WorkflowOutcome } from '../protocol';
import { nextRunIdOf } from '../protocol';
import { assertNever } from '../common/type-helpers';
import type { Connection } from './connection';
import type { WorkflowClient } from './workflow-client';
import { WorkflowContinuedAsNewError, WorkflowFailedError } from './errors';
import { typed } from './service-errors';
import {
  sendUpdate,
  WorkflowUpdateHandleImpl,
  WorkflowUpdateStage,
  type UpdateTarget,
  type WorkflowUpdateHandle,
  type WorkflowUpdateOptions,
} from './workflow-update';

/** Options of an update call: `args` when the update takes arguments. */
export type UpdateCallOptions<Args extends unknown[]> = WorkflowUpdateOptions &
  (Args extends [unknown, ...unknown[]] ? { args: Args | Readonly<Args> } : { args?: Args | Readonly<Args> });

const STATUS_CODES: Record<ExecutionStatus, number> = {
  RUNNING: 1,
  COMPLETED: 2,
  FAILED: 3,
  CANCELLED: 4,
  TERMINATED: 5,
  CONTINUED_AS_NEW: 6,
  TIMED_OUT: 7,
};

/**
 * A run's status as Temporal names it (Temporal's `WorkflowExecutionStatusName`): one of Rewind's
 * {@link ExecutionStatus} names; Rewind's server gives no `UNSPECIFIED`, `PAUSED` or `UNKNOWN`, which Temporal's
 * type also has (a switch written for Temporal's handles them).
 */
export type WorkflowExecutionStatusName = ExecutionStatus | 'UNSPECIFIED' | 'PAUSED' | 'UNKNOWN';

/** What `handle.describe()` answers about a run, in the shape of Temporal's. */
export interface WorkflowExecutionDescription {
  /** The workflow type (the function's name). */
  type: string;
  workflowId: string;
  runId: string;
  taskQueue: string;
  /** `name` is the status; `code` is Temporal's numeric `WorkflowExecutionStatus` (RUNNING 1 … TIMED_OUT 7). */
  status: { code: number; name: WorkflowExecutionStatusName };
  /** How many events the run's history holds. */
  historyLength: number;
  startTime: Date;
  /** When the run closed, if it has. */
  closeTime?: Date;
  /** The memo the run was started with. */
  memo?: Record<string, unknown>;
  /** The run's search attributes, as started and as upserted since (`{}` if none). */
  searchAttributes: SearchAttributes;
  /** The same search attributes, read by typed keys (`typedSearchAttributes.get(Customer)`). */
  typedSearchAttributes: TypedSearchAttributes;
  /**
   * Everything the server said: also the pending activities (with attempts and last failures), the
   * pending workflow task and what it waits for, and, for a run that did not complete, why.
   */
  raw: WorkflowDescription;
  /** The run's summary for user interfaces (the start's `staticSummary`), if it was given one. */
  staticSummary: () => Promise<string | undefined>;
  /** The run's details for user interfaces (the start's `staticDetails`), if it was given them. */
  staticDetails: () => Promise<string | undefined>;
}

/** Options of `handle.result()`. */
export interface WorkflowResultOptions {
  /**
   * Follow the chain of runs (continue-as-new, and a cron workflow's next runs) to the last one and return
   * its result; with false, a run that continued throws `WorkflowContinuedAsNewError`.
   *
   * @default true
   */
  followRuns?: boolean;
}

export interface HandleContext {
  connection: Connection;
  namespace: string;
  identity: string;
}

/**
 * A handle on one workflow, as Temporal's `WorkflowHandle`: from `client.workflow.start()` or
 * `getHandle()`. Bound to a run when it has a `runId`; else each call acts on the workflow's latest
 * run. Every method rejects with `WorkflowNotFoundError` if there is no such workflow (or run) in the
 * namespace, and with a `ConnectionError` if the server cannot be reached.
 */
export type WorkflowHandle<W extends Workflow = Workflow> = Pick<WorkflowHandleImpl<W>, keyof WorkflowHandleImpl<W>>;

/** The class behind {@link WorkflowHandle} (its private parts are not the handle's type). */
export class WorkflowHandleImpl<W extends Workflow = Workflow> {
  /** The run this handle is bound to, if any (else the latest run). */
  declare readonly runId?: string;
  /** The run started by `start()`; `result()` follows its chain. */
  declare readonly firstExecutionRunId?: string;

  constructor(
    private readonly ctx: HandleContext,
    /** The client that made this handle (Temporal's `handle.client`). */
    readonly client: WorkflowClient,
    /** The workflow's id. */
    readonly workflowId: string,
    runId: string | undefined,
    firstExecutionRunId: string | undefined,
  ) {
    if (runId !== undefined) this.runId = runId;
    if (firstExecutionRunId !== undefined) this.firstExecutionRunId = firstExecutionRunId;
  }

  private get errorContext() {
    return { workflowId: this.workflowId, ...(this.runId ? { runId: this.runId } : {}), namespace: this.ctx.namespace };
  }

  private get execution() {
    return { namespace: this.ctx.namespace, workflowId: this.workflowId, ...(this.runId ? { runId: this.runId } : {}) };
  }

  /**
   * Waits for the workflow to close and returns its result (answered by the server when the run closes:
   * no polling). By default it follows continue-as-new and cron runs to the last one, as Temporal's does.
   *
   * @throws WorkflowFailedError if the workflow failed, was cancelled, terminated or timed out: `cause` says
   *   which, and the message says the cause chain and where it happened.
   * @throws WorkflowContinuedAsNewError with `followRuns: false`, when the run continued as new.
   */
  async result(options: WorkflowResultOptions = {}): Promise<WorkflowResultType<W>> {
    const followRuns = options.followRuns ?? true;
    let runId = this.runId ?? this.firstExecutionRunId;
    for (;;) {
      const {
        runId: closedRunId,
        outcome,
        failureSite,
      } = await typed(this.errorContext, () =>
        this.ctx.connection.call('workflow.result', {
          namespace: this.ctx.namespace,
          workflowId: this.workflowId,
          ...(runId ? { runId } : {}),
          followRuns,
        }),
      );
      // A run continued as new, or a cron workflow's run followed by the next: wait for the last run.
      const nextRunId = nextRunIdOf(outcome);
      if (nextRunId && followRuns) {
        runId = nextRunId;
        continue;
      }
      return outcomeToResult(outcome, this.workflowId, closedRunId, failureSite) as WorkflowResultType<W>;
    }
  }

  /**
   * Sends a signal to the workflow and resolves once the server has recorded it (not when a handler ran).
   * Signals sent before the workflow sets a handler for them are buffered and delivered, in order, when it does.
   *
   * @param def the definition from `defineSignal` (typed arguments), or the signal's name.
   * @throws WorkflowNotFoundError if the workflow has closed.
   */
  async signal<Args extends unknown[] = [], Name extends string = string>(
    def: SignalDefinition<Args, Name> | string,
    ...args: Args
  ): Promise<void> {
    await this.sendSignal(typeof def === 'string' ? def : def.name, args);
  }

  /**
   * Sends a signal by its name, its arguments in `options.args` (Temporal's `signalWithOptions`); as
   * {@link signal} otherwise.
   *
   * @throws TypeError if `options.typeInfo` is given (Rewind's payloads are JSON) or `args` is not an array.
   */
  async signalWithOptions<Args extends unknown[] = []>(signalName: string, options: WorkflowSignalOptions<Args>): Promise<void> {
    await this.sendSignal(signalName, argsOfCallOptions(`signalWithOptions('${signalName}')`, options));
  }

  private async sendSignal(signalName: string, args: unknown[]): Promise<void> {
    await typed(this.errorContext, () =>
      this.ctx.connection.call('workflow.signal', {
        ...this.execution,
        signalName,
        args: toPayloads(args, `signal ${signalName}`),
        requestId: crypto.randomUUID(),
        identity: this.ctx.identity,
      }),
    );
  }

  /**
   * Asks the workflow a query and returns the answer of its query handler, which reads its state without
   * changing it; nothing is written to history. A worker that runs the workflow's type answers it,
   * replaying the run first if it does not have it in memory; the built-in `__stack_trace` query says
   * where the workflow waits.
   *
   * @param def the definition from `defineQuery` (typed arguments and answer), or the query's name.
   * @throws QueryNotRegisteredError if the workflow has no handler for it.
   * @throws ServiceError (`FAILED_PRECONDITION`) if no worker that runs the workflow's type is connected,
   *   or none answers within 30 s.
   */
  async query<Ret, Args extends unknown[] = []>(def: QueryDefinition<Ret, Args> | string, ...args: Args): Promise<Ret> {
    return this.ask<Ret>(typeof def === 'string' ? def : def.name, args);
  }

  /**
   * Asks a query by its name, its arguments in `options.args` (Temporal's `queryWithOptions`); as
   * {@link query} otherwise.
   *
   * @throws TypeError if `options.typeInfo` is given (Rewind's payloads are JSON) or `args` is not an array.
   */
  async queryWithOptions<Ret, Args extends unknown[] = []>(queryName: string, options: WorkflowQueryOptions<Args>): Promise<Ret> {
    return this.ask<Ret>(queryName, argsOfCallOptions(`queryWithOptions('${queryName}')`, options));
  }

  private async ask<Ret>(queryType: string, args: unknown[]): Promise<Ret> {
    const { result } = await typed(this.errorContext, () =>
      this.ctx.connection.call('workflow.query', { ...this.execution, queryType, args: toPayloads(args, `query ${queryType}`) }),
    );
    return decodePayload(result, `the answer of query ${queryType}`) as Ret;
  }

  /**
   * Sends an update to the workflow and waits for its handler's result (Temporal's `executeUpdate`). Unlike
   * a signal, an update answers: its validator (if any) may reject it, and only accepted updates enter the
   * history. The same `updateId` sent again gets the same update's outcome, not a second update.
   *
   * @param def the definition from `defineUpdate` (typed arguments and result), or the update's name.
   * @param options `args` (required when the update takes arguments) and `updateId`.
   * @throws WorkflowUpdateFailedError if it was rejected, its handler threw, or the workflow closed first.
   * @throws WorkflowNotFoundError if the workflow has closed.
   */
  async executeUpdate<Ret, Args extends unknown[] = []>(
    def: UpdateDefinition<Ret, Args> | string,
    ...[options]: Args extends [unknown, ...unknown[]] ? [UpdateCallOptions<Args>] : [UpdateCallOptions<Args>?]
  ): Promise<Ret> {
    const handle = await this.startUpdate<Ret, Args>(def, {
      ...(options as UpdateCallOptions<Args>),
      waitForStage: WorkflowUpdateStage.COMPLETED,
    });
    return handle.result();
  }

  /**
   * Sends an update and returns a handle once it reaches `waitForStage`: `ACCEPTED` (its validator passed
   * and its handler runs) or `COMPLETED`; the handle's `result()` waits for the handler (Temporal's
   * `startUpdate`).
   *
   * An update its validator rejects is returned too, completed: its handle's `result()` throws
   * `WorkflowUpdateFailedError` (as Temporal's).
   *
   * @throws WorkflowNotFoundError if the workflow has closed.
   */
  async startUpdate<Ret, Args extends unknown[] = []>(
    def: UpdateDefinition<Ret, Args> | string,
    options: UpdateCallOptions<Args> & { waitForStage: WorkflowUpdateStage },
  ): Promise<WorkflowUpdateHandle<Ret>> {
    const name = typeof def === 'string' ? def : def.name;
    const updateId = options.updateId ?? crypto.randomUUID();
    const args = toPayloads((options.args ?? []) as unknown[], `update ${name}`);
    const outcome = await sendUpdate(this.updateTarget, { updateId, name, args, waitForStage: options.waitForStage });
    return new WorkflowUpdateHandleImpl<Ret>(this.updateTarget, updateId, outcome.runId, outcome);
  }

  /**
   * A handle on an update sent before (by this client or another), by its id; nothing is checked until
   * its `result()` is asked for. The server remembers the last 1,000 finished updates of a run.
   *
   * @param options.workflowRunId the run the update was sent to (default: this handle's run, else the latest).
   */
  getUpdateHandle<Ret>(updateId: string, options: { workflowRunId?: string } = {}): WorkflowUpdateHandle<Ret> {
    return new WorkflowUpdateHandleImpl<Ret>(this.updateTarget, updateId, options.workflowRunId ?? this.runId);
  }

  private get updateTarget(): UpdateTarget {
    return { ...this.ctx, workflowId: this.workflowId, ...(this.runId ? { runId: this.runId } : {}) };
  }

  /**
   * Asks the workflow to cancel, and resolves once the request is recorded. The workflow's root
   * `CancellationScope` is cancelled: what it awaits rejects with a `CancelledFailure` (activities and
   * children are asked to cancel per their `cancellationType`), and the workflow decides how to finish: by
   * throwing it (the run closes `CANCELLED`), or by cleaning up in a `CancellationScope.nonCancellable` and
   * returning. Use {@link terminate} to end a workflow without its code.
   *
   * @throws WorkflowNotFoundError if the workflow has closed.
   */
  async cancel(): Promise<Record<never, never>> {
    await typed(this.errorContext, () => this.ctx.connection.call('workflow.cancel', { ...this.execution, identity: this.ctx.identity }));
    return {}; // Temporal's response has no fields.
  }

  /**
   * Ends the workflow at once (`TERMINATED`); its code is not told and runs no cleanup. Its running
   * activities are told to stop, and its children follow their parent close policy.
   *
   * @param reason recorded in the history and shown by `describe()` and `WorkflowFailedError`'s message.
   * @throws WorkflowNotFoundError if the workflow has closed.
   */
  async terminate(reason?: string): Promise<Record<never, never>> {
    await typed(this.errorContext, () =>
      this.ctx.connection.call('workflow.terminate', { ...this.execution, ...(reason ? { reason } : {}), identity: this.ctx.identity }),
    );
    return {}; // Temporal's response has no fields.
  }

  /** What the server knows of the run: its status, times, memo, search attributes, and what it waits for. */
  async describe(): Promise<WorkflowExecutionDescription> {
    const raw = await typed(this.errorContext, () => this.ctx.connection.call('workflow.describe', this.execution));
    return {
      type: raw.workflowType,
      workflowId: raw.workflowId,
      runId: raw.runId,
      taskQueue: raw.taskQueue,
      status: { code: STATUS_CODES[raw.status], name: raw.status },
      historyLength: raw.historyLength,
      startTime: new Date(raw.startTime),
      ...definedFields({
        closeTime: raw.closeTime ? new Date(raw.closeTime) : undefined,
        memo: raw.memo ? decodePayloadRecord(raw.memo, 'the memo') : undefined,
      }),
      searchAttributes: searchAttributesFromWire(raw.searchAttributes),
      typedSearchAttributes: TypedSearchAttributes.fromJson(raw.searchAttributes ?? {}, raw.searchAttributeTypes),
      raw,
      staticSummary: async () => metadataText(raw.userMetadata?.summary, 'summary'),
      staticDetails: async () => metadataText(raw.userMetadata?.details, 'details'),
    };
  }

  /**
   * The run's whole history (read from the server in pages): `{ events: [...] }`, the format
   * `Worker.runReplayHistory` and the debugger take, and `rewind workflow show --output json` writes.
   */
  async fetchHistory(): Promise<History> {
    const events: History['events'] = [];
    let fromEventId = 1;
    let runId = this.runId;
    for (;;) {
      const page = await typed(this.errorContext, () =>
        this.ctx.connection.call('workflow.history', {
          namespace: this.ctx.namespace,
          workflowId: this.workflowId,
          ...(runId ? { runId } : {}),
          fromEventId,
          maxEvents: 1000,
        }),
      );
      runId = page.runId;
      events.push(...page.events);
      if (page.events.length < 1000) return { events };
      fromEventId = page.nextEventId;
    }
  }
}

/** A run's summary or details as Temporal gives them: the string itself (another value as its JSON text). */
function metadataText(value: JsonValue | undefined, what: 'summary' | 'details'): string | undefined {
  if (value === undefined) return undefined;
  const decoded = decodePayload(value, `the run's ${what}`);
  return typeof decoded === 'string' ? decoded : JSON.stringify(decoded);
}

function outcomeToResult(outcome: WorkflowOutcome, workflowId: string, runId: string, site: FailureSite | undefined): unknown {
  switch (outcome.status) {
    case 'COMPLETED':
      return decodePayload(outcome.result, `the result of workflow ${workflowId}`);
    case 'FAILED':
      // As Temporal's, with `cause` the failure; the message says its chain too, and where it happened.
      throw new WorkflowFailedError(
        `Workflow execution failed: ${failureChainText(outcome.failure, site)}`,
        failureToError(outcome.failure),
        'NON_RETRYABLE_FAILURE',
      );
    case 'CANCELLED':
      throw new WorkflowFailedError(
        'Workflow execution cancelled',
        new CancelledFailure('Workflow canceled', (outcome.details ?? []).map(decodePayloadLeniently)),
        'NON_RETRYABLE_FAILURE',
      );
    case 'TERMINATED':
      throw new WorkflowFailedError(
        outcome.reason ? `Workflow execution terminated: ${outcome.reason}` : 'Workflow execution terminated',
        new TerminatedFailure(outcome.reason ?? 'Workflow execution terminated'),
        'NON_RETRYABLE_FAILURE',
      );
    case 'TIMED_OUT':
      throw new WorkflowFailedError(
        'Workflow execution timed out',
        new TimeoutFailure('Workflow execution timed out', undefined, 'START_TO_CLOSE'),
        'TIMEOUT',
      );
    case 'CONTINUED_AS_NEW':
      throw new WorkflowContinuedAsNewError(`Workflow run ${runId} continued as new run ${outcome.newRunId}`, outcome.newRunId);
    default:
      return assertNever(outcome);
  }
}
