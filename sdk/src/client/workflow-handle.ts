// A handle on one workflow (and, if given, one run of it): result, signal, query, update, cancel,
// terminate, describe, fetchHistory — as Temporal's WorkflowHandle.
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '../common/failures';
import { failureToError } from '../common/failure-convert';
import type { QueryDefinition, SignalDefinition, UpdateDefinition, Workflow, WorkflowResultType } from '../common/interfaces';
import { toPayloads } from '../common/payloads';
import { failureChainText } from '../common/failure-text';
import type { ExecutionStatus, FailureSite, History, WorkflowDescription, WorkflowOutcome } from '../protocol';
import { nextRunIdOf } from '../protocol';
import { assertNever } from '../common/type-helpers';
import type { Connection } from './connection';
import { WorkflowContinuedAsNewError, WorkflowFailedError } from './errors';
import { typed } from './service-errors';
import { sendUpdate, WorkflowUpdateHandle, WorkflowUpdateStage, type UpdateTarget, type WorkflowUpdateOptions } from './workflow-update';

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

export interface WorkflowExecutionDescription {
  type: string;
  workflowId: string;
  runId: string;
  taskQueue: string;
  /** `code` is Temporal's numeric WorkflowExecutionStatus (RUNNING 1 … TIMED_OUT 7). */
  status: { code: number; name: ExecutionStatus };
  historyLength: number;
  startTime: Date;
  closeTime?: Date;
  memo?: Record<string, unknown>;
  searchAttributes?: Record<string, unknown[]>;
  /** Everything the server said, including pending activities and the pending workflow task. */
  raw: WorkflowDescription;
}

export interface WorkflowResultOptions {
  /** Follow the chain of runs (continue-as-new) to the last one. Default true. */
  followRuns?: boolean;
}

export interface HandleContext {
  connection: Connection;
  namespace: string;
  identity: string;
}

export class WorkflowHandle<W extends Workflow = Workflow> {
  constructor(
    private readonly ctx: HandleContext,
    readonly workflowId: string,
    /** The run this handle is bound to, if any (else the latest run). */
    readonly runId: string | undefined,
    /** The run started by `start()`; `result()` follows its chain. */
    readonly firstExecutionRunId: string | undefined,
  ) {}

  private get errorContext() {
    return { workflowId: this.workflowId, ...(this.runId ? { runId: this.runId } : {}), namespace: this.ctx.namespace };
  }

  private get execution() {
    return { namespace: this.ctx.namespace, workflowId: this.workflowId, ...(this.runId ? { runId: this.runId } : {}) };
  }

  /** Waits for the workflow to close; throws WorkflowFailedError unless it completed. */
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
      return outcomeToResult(outcome, closedRunId, failureSite) as WorkflowResultType<W>;
    }
  }

  async signal<Args extends unknown[] = [], Name extends string = string>(
    def: SignalDefinition<Args, Name> | string,
    ...args: Args
  ): Promise<void> {
    const signalName = typeof def === 'string' ? def : def.name;
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

  async query<Ret, Args extends unknown[] = []>(def: QueryDefinition<Ret, Args> | string, ...args: Args): Promise<Ret> {
    const queryType = typeof def === 'string' ? def : def.name;
    const { result } = await typed(this.errorContext, () =>
      this.ctx.connection.call('workflow.query', { ...this.execution, queryType, args: toPayloads(args, `query ${queryType}`) }),
    );
    return result as Ret;
  }

  /** Sends an update and waits for its handler's result; throws WorkflowUpdateFailedError if it was rejected or failed. */
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

  /** Sends an update and returns once the workflow accepted it (its validator passed); `result()` waits for the handler. */
  async startUpdate<Ret, Args extends unknown[] = []>(
    def: UpdateDefinition<Ret, Args> | string,
    options: UpdateCallOptions<Args> & { waitForStage: WorkflowUpdateStage },
  ): Promise<WorkflowUpdateHandle<Ret>> {
    const name = typeof def === 'string' ? def : def.name;
    const updateId = options.updateId ?? crypto.randomUUID();
    const args = toPayloads((options.args ?? []) as unknown[], `update ${name}`);
    const outcome = await sendUpdate(this.updateTarget, { updateId, name, args, waitForStage: options.waitForStage });
    return new WorkflowUpdateHandle<Ret>(this.updateTarget, updateId, outcome.runId, outcome);
  }

  /** A handle on an update sent before (by this client or another), by its id. */
  getUpdateHandle<Ret>(updateId: string, options: { workflowRunId?: string } = {}): WorkflowUpdateHandle<Ret> {
    return new WorkflowUpdateHandle<Ret>(this.updateTarget, updateId, options.workflowRunId ?? this.runId);
  }

  private get updateTarget(): UpdateTarget {
    return { ...this.ctx, workflowId: this.workflowId, ...(this.runId ? { runId: this.runId } : {}) };
  }

  /** Asks the workflow to cancel; it sees a CancelledFailure and decides how to finish. */
  async cancel(): Promise<void> {
    await typed(this.errorContext, () => this.ctx.connection.call('workflow.cancel', { ...this.execution, identity: this.ctx.identity }));
  }

  /** Ends the workflow at once; its code is not told. */
  async terminate(reason?: string): Promise<void> {
    await typed(this.errorContext, () =>
      this.ctx.connection.call('workflow.terminate', { ...this.execution, ...(reason ? { reason } : {}), identity: this.ctx.identity }),
    );
  }

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
      ...(raw.closeTime ? { closeTime: new Date(raw.closeTime) } : {}),
      ...(raw.memo ? { memo: raw.memo } : {}),
      ...(raw.searchAttributes ? { searchAttributes: raw.searchAttributes } : {}),
      raw,
    };
  }

  /** The whole history of the run (paged from the server). */
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

function outcomeToResult(outcome: WorkflowOutcome, runId: string, site: FailureSite | undefined): unknown {
  switch (outcome.status) {
    case 'COMPLETED':
      return outcome.result;
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
        new CancelledFailure('Workflow canceled', outcome.details ?? []),
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
