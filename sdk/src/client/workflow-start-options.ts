// The options of starting a workflow (Temporal's WorkflowOptions and its signal-with-start and
// update-with-start forms) and the handles a start gives back.
import type { SearchAttributes } from '../common/search-attributes';
import type { SearchAttributePair, TypedSearchAttributes } from '../common/typed-search-attributes';
import type { Duration } from '../common/duration';
import type { SignalDefinition, WithWorkflowArgs, Workflow } from '../common/interfaces';
import type { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '../protocol';
import type { WorkflowHandle } from './workflow-handle';
import type { WithStartWorkflowOperation } from './with-start-workflow-operation';
import type { WorkflowUpdateOptions } from './workflow-update';

/** How to start a workflow (Temporal's `WorkflowOptions`), without its arguments: see {@link WorkflowStartOptions}. */
export interface BaseWorkflowStartOptions {
  /** The task queue whose workers run the workflow: the `taskQueue` of their `Worker.create`. Required. */
  taskQueue: string;
  /**
   * The workflow's id, chosen by you: a business id such as `order-42`, unique among the namespace's running
   * workflows (see the reuse and conflict policies). Each run of the workflow gets a `runId` besides. Required.
   */
  workflowId: string;
  /**
   * The longest the workflow may take, across its continue-as-new and cron runs, before it times out
   * (`TIMED_OUT`; the client gets a `WorkflowFailedError` with a `TimeoutFailure`).
   *
   * @default unlimited
   */
  workflowExecutionTimeout?: Duration;
  /**
   * The longest one run may take before it times out.
   *
   * @default unlimited (bounded by `workflowExecutionTimeout`)
   */
  workflowRunTimeout?: Duration;
  /**
   * The longest a worker may take over one workflow task before the server hands it to a worker again.
   *
   * @default 10 seconds
   */
  workflowTaskTimeout?: Duration;
  /**
   * Whether a workflow id whose last run has closed may be started again: `ALLOW_DUPLICATE` (yes),
   * `ALLOW_DUPLICATE_FAILED_ONLY` (only if it did not complete), `REJECT_DUPLICATE` (never), or
   * `TERMINATE_IF_RUNNING` (yes, and a running one is terminated first). A refused start throws
   * `WorkflowExecutionAlreadyStartedError`.
   *
   * @default 'ALLOW_DUPLICATE'
   */
  workflowIdReusePolicy?: WorkflowIdReusePolicy;
  /**
   * What a start does when a run with this id is running: `FAIL` (throw
   * `WorkflowExecutionAlreadyStartedError`), `USE_EXISTING` (return a handle on the running one), or
   * `TERMINATE_EXISTING` (terminate it and start a new one).
   *
   * @default 'FAIL' ('TERMINATE_EXISTING' with the reuse policy TERMINATE_IF_RUNNING)
   */
  workflowIdConflictPolicy?: WorkflowIdConflictPolicy;
  /** Values kept with the run (JSON), not indexed: `describe()` and `workflowInfo().memo` read them. */
  memo?: Record<string, unknown>;
  /**
   * Values the run can be found by, each a list of strings, numbers, booleans or Dates: `{ Customer: ['ada'] }`
   * is found by `client.workflow.list({ query: "Customer = 'ada'" })`. No registration needed in Rewind: an
   * attribute not registered yet gets the type its values suggest; a Date travels as its ISO string, and a
   * name set to undefined is left out.
   */
  searchAttributes?: SearchAttributes;
  /**
   * The same as typed pairs (`[{ key: Customer, value: 'ada' }]`) or a `TypedSearchAttributes`; a name in
   * both is taken from these (as Temporal's). An attribute not registered yet is registered with its key's type.
   */
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
  /**
   * Temporal's older way to repeat a workflow (prefer `client.schedule`): a cron expression in UTC. The
   * first run waits for the first matching time; each run that completes, fails or times out is followed
   * by the next at the next matching time, until the workflow is cancelled or terminated, or its
   * workflowExecutionTimeout passes. Runs read `workflowInfo().lastResult` / `lastFailure`.
   */
  cronSchedule?: string;
  /**
   * How long the workflow waits before its first task runs (a signal sent with `signalWithStart` ends
   * the wait at once). Not with `cronSchedule`, which waits for its first time already.
   */
  startDelay?: Duration;
}

/**
 * How to start a workflow: {@link BaseWorkflowStartOptions} and its arguments, `args`, typed from the
 * workflow function (required when it takes any). Arguments must be JSON-serialisable.
 */
export type WorkflowStartOptions<W extends Workflow = Workflow> = WithWorkflowArgs<W, BaseWorkflowStartOptions>;

/** The handle `client.workflow.start()` returns: bound to no run, but its `result()` follows the run it started. */
export type WorkflowHandleWithFirstExecutionRunId<W extends Workflow = Workflow> = WorkflowHandle<W> & {
  /** The run this start made (or, with `USE_EXISTING`, the running one it found). */
  firstExecutionRunId: string;
};

/** The handle `client.workflow.start()` returns, as Temporal's (whose type it is). */
export type WorkflowHandleWithStartDetails<W extends Workflow = Workflow> = WorkflowHandleWithFirstExecutionRunId<W> & {
  /** Whether the server handed the first workflow task to this process's worker at once: never with Rewind's client, which does not ask for it (Temporal's can). */
  readonly eagerlyStarted: boolean;
};

/** The options of `executeUpdateWithStart` (Temporal's): the update's `args` and `updateId`, and the start. */
export type WorkflowUpdateWithStartOptions<W extends Workflow = Workflow, Args extends unknown[] = unknown[]> = WorkflowUpdateOptions & {
  /** The update's arguments (JSON). */
  args?: Args;
  /** How to start the workflow if it does not run: used by this call only. */
  startWorkflowOperation: WithStartWorkflowOperation<W>;
};

/** How to signal-with-start: the start options, and the signal with its arguments. */
export type WorkflowSignalWithStartOptions<
  W extends Workflow = Workflow,
  SignalArgs extends unknown[] = unknown[],
> = WorkflowStartOptions<W> & {
  /** The signal to send: a definition from `defineSignal`, or its name. */
  signal: SignalDefinition<SignalArgs> | string;
  /** The signal's arguments (JSON). */
  signalArgs?: SignalArgs;
};

/** The handle `client.workflow.signalWithStart()` returns. */
export type WorkflowHandleWithSignaledRunId<W extends Workflow = Workflow> = WorkflowHandle<W> & {
  /** The run that got the signal: the one that was running, or the one started. */
  signaledRunId: string;
};
