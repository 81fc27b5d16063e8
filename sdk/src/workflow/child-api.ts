// The child workflow API (Temporal's): startChild, executeChild, and handles on other workflows.
import { searchAttributesToWire, searchAttributeTypesToWire, type SearchAttributes } from '../common/search-attributes';
import type { SearchAttributePair, TypedSearchAttributes } from '../common/typed-search-attributes';
import { definedFields } from '../common/defined-fields';
import { msOptionalToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { SignalDefinition, WithWorkflowArgs, Workflow, WorkflowResultType } from '../common/interfaces';
import { toPayload, toPayloads } from '../common/payloads';
import { argsOfCallOptions, type WorkflowSignalOptions } from '../common/workflow-handle-options';
import type { ParentClosePolicy as ParentClosePolicyName } from '../protocol';
import { uuid4 } from './api';
import type { ChildWorkflowCancellationType as CancellationTypeName } from './child-workflows';
import { getActivator } from './current-activator';
import type { ChildWorkflowOptionsWithDefaults, StartChildWorkflowExecutionInput } from './interceptors';
import type { CommandOf } from '../protocol';
import { headersToWire } from '../common/payload-message';

/**
 * What happens to a running child workflow when its parent closes (Temporal's `ParentClosePolicy`; the
 * `PARENT_CLOSE_POLICY_*` names are Temporal's older spellings of the same). Default `TERMINATE`.
 */
export const ParentClosePolicy = {
  /** The child is terminated (the default). */
  TERMINATE: 'TERMINATE',
  /** The child goes on by itself. */
  ABANDON: 'ABANDON',
  /** The child is asked to cancel, and decides how to finish. */
  REQUEST_CANCEL: 'REQUEST_CANCEL',
  PARENT_CLOSE_POLICY_TERMINATE: 'TERMINATE',
  PARENT_CLOSE_POLICY_ABANDON: 'ABANDON',
  PARENT_CLOSE_POLICY_REQUEST_CANCEL: 'REQUEST_CANCEL',
  /** Not chosen (undefined): the default, `TERMINATE`. */
  PARENT_CLOSE_POLICY_UNSPECIFIED: undefined,
} as const satisfies Record<string, ParentClosePolicyName | undefined>;
/** One of the names of {@link ParentClosePolicy}, or undefined for the default. */
export type ParentClosePolicy = (typeof ParentClosePolicy)[keyof typeof ParentClosePolicy];

/**
 * What cancelling the scope a child workflow was started in does (Temporal's
 * `ChildWorkflowCancellationType`). Default `WAIT_CANCELLATION_COMPLETED`.
 */
export const ChildWorkflowCancellationType = {
  /** Ask the child to cancel, and reject at once with a `CancelledFailure`. */
  TRY_CANCEL: 'TRY_CANCEL',
  /** Ask the child to cancel, and reject once it has closed (the default). */
  WAIT_CANCELLATION_COMPLETED: 'WAIT_CANCELLATION_COMPLETED',
  /** Ask the child to cancel, and reject once the request reached it. */
  WAIT_CANCELLATION_REQUESTED: 'WAIT_CANCELLATION_REQUESTED',
  /** Do not tell the child; reject at once. */
  ABANDON: 'ABANDON',
} as const;
/** One of the names of {@link ChildWorkflowCancellationType}. */
export type ChildWorkflowCancellationType = CancellationTypeName;

/** How to start a child workflow (Temporal's `ChildWorkflowOptions`), without its arguments. */
export interface BaseChildWorkflowOptions {
  /**
   * The child's workflow id.
   *
   * @default a UUID from {@link uuid4} (the same on replay)
   */
  workflowId?: string;
  /**
   * The task queue whose workers run the child.
   *
   * @default the parent's task queue
   */
  taskQueue?: string;
  /** As `workflowExecutionTimeout` of `client.workflow.start`. */
  workflowExecutionTimeout?: Duration;
  /** As `workflowRunTimeout` of `client.workflow.start`. */
  workflowRunTimeout?: Duration;
  /** As `workflowTaskTimeout` of `client.workflow.start` (default 10 s). */
  workflowTaskTimeout?: Duration;
  /**
   * What happens to the child if the parent closes first.
   *
   * @default ParentClosePolicy.TERMINATE
   */
  parentClosePolicy?: ParentClosePolicy;
  /**
   * What cancelling the child's scope does.
   *
   * @default ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED
   */
  cancellationType?: ChildWorkflowCancellationType;
  /** As `workflowIdReusePolicy` of `client.workflow.start` (default `ALLOW_DUPLICATE`). */
  workflowIdReusePolicy?: 'ALLOW_DUPLICATE' | 'ALLOW_DUPLICATE_FAILED_ONLY' | 'REJECT_DUPLICATE' | 'TERMINATE_IF_RUNNING';
  /** The child's memo (JSON). */
  memo?: Record<string, unknown>;
  /** The child's search attributes, each a list of values (strings, numbers, booleans or Dates). */
  searchAttributes?: SearchAttributes;
  /**
   * The same as typed pairs (`[{ key: Customer, value: 'ada' }]`) or a `TypedSearchAttributes`; a name in
   * both is taken from these (as Temporal's).
   */
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
  /** Run the child on a cron schedule (UTC); the parent hears of it only when the chain of runs ends. */
  cronSchedule?: string;
}

/** How to start a child workflow: {@link BaseChildWorkflowOptions} and its `args`, typed from the workflow function. */
export type ChildWorkflowOptions<W extends Workflow = Workflow> = WithWorkflowArgs<W, BaseChildWorkflowOptions>;

/** A started child workflow, from {@link startChild}. */
export interface ChildWorkflowHandle<W extends Workflow = Workflow> {
  readonly workflowId: string;
  /** The child's first run. */
  readonly firstExecutionRunId: string;
  /**
   * Waits for the child to close (following its continue-as-new runs) and returns its result.
   *
   * @throws ChildWorkflowFailure if it failed, was cancelled, terminated or timed out (`cause` says which).
   */
  result(): Promise<WorkflowResultType<W>>;
  /** Sends the child a signal; resolves once the server has delivered it (rejects if the child is gone). */
  signal<Args extends unknown[] = []>(def: SignalDefinition<Args> | string, ...args: Args): Promise<void>;
  /**
   * Sends the child a signal by its name, its arguments in `options.args` (Temporal's `signalWithOptions`);
   * as {@link signal} otherwise.
   *
   * @throws TypeError if `options.typeInfo` is given (Rewind's payloads are JSON) or `args` is not an array.
   */
  signalWithOptions<Args extends unknown[] = []>(signalName: string, options: WorkflowSignalOptions<Args>): Promise<void>;
}

/** A handle on another workflow, from {@link getExternalWorkflowHandle}: signal it or ask it to cancel. */
export interface ExternalWorkflowHandle {
  readonly workflowId: string;
  /** The run it is bound to, if given (else the workflow's current run). */
  readonly runId?: string;
  /** Sends it a signal; resolves once delivered, rejects if there is no such running workflow. */
  signal<Args extends unknown[] = []>(def: SignalDefinition<Args> | string, ...args: Args): Promise<void>;
  /**
   * Sends it a signal by its name, its arguments in `options.args` (Temporal's `signalWithOptions`); as
   * {@link signal} otherwise.
   *
   * @throws TypeError if `options.typeInfo` is given (Rewind's payloads are JSON) or `args` is not an array.
   */
  signalWithOptions<Args extends unknown[] = []>(signalName: string, options: WorkflowSignalOptions<Args>): Promise<void>;
  /** Asks it to cancel; resolves once the request is delivered, rejects if there is no such running workflow. */
  cancel(): Promise<void>;
}

const signalName = (def: SignalDefinition<unknown[]> | string): string => (typeof def === 'string' ? def : def.name);

/**
 * Starts a child workflow and resolves, once it has started, with a handle on it (Temporal's
 * `startChild`). The child is a workflow of its own (its own history and id), linked to the parent: the
 * parent hears how it ended, and the child follows its `parentClosePolicy` when the parent closes first.
 * Await `handle.result()` for its result, or use {@link executeChild}.
 *
 * @param workflowTypeOrFunc the workflow function (typed arguments and result), or its name.
 * @param options may be left out for a workflow without arguments: as in Temporal, the child then gets a
 *   generated id (`uuid4()` of the workflow's randomness) and runs on the parent's task queue.
 * @throws ApplicationFailure of type `WorkflowExecutionAlreadyStartedError` if a workflow with this id is running.
 * @throws ValueError if the type cannot be told or an argument is not JSON.
 */
export async function startChild<W extends Workflow>(
  workflowTypeOrFunc: string | W,
  options: ChildWorkflowOptions<W>,
): Promise<ChildWorkflowHandle<W>>;
export async function startChild<W extends () => Promise<unknown>>(workflowTypeOrFunc: string | W): Promise<ChildWorkflowHandle<W>>;
export async function startChild<W extends Workflow>(
  workflowTypeOrFunc: string | W,
  maybeOptions?: ChildWorkflowOptions<W>,
): Promise<ChildWorkflowHandle<W>> {
  const options: BaseChildWorkflowOptions & { args?: readonly unknown[] } = maybeOptions ?? {};
  const workflowType = typeof workflowTypeOrFunc === 'string' ? workflowTypeOrFunc : workflowTypeOrFunc.name;
  if (!workflowType) throw new ValueError('startChild needs a named workflow function or a workflow type name.');
  const activator = getActivator();
  const workflowId = options.workflowId ?? uuid4();
  const withDefaults = {
    ...options,
    workflowId,
    cancellationType: options.cancellationType ?? 'WAIT_CANCELLATION_COMPLETED',
    args: [...(options.args ?? [])],
  } as ChildWorkflowOptionsWithDefaults;
  // Through the outbound interceptors' startChildWorkflowExecution, which may add to the child's header.
  const { started, result } = activator.children.startIntercepted(workflowType, withDefaults, (input) =>
    childCommand(input, activator.info.taskQueue),
  );
  const runId = await started;
  const signal = (name: string, args: unknown[]): Promise<void> =>
    activator.children.signalIntercepted({ workflowId, child: true }, name, args, (a) => toPayloads(a, `signal ${name}`));
  return {
    workflowId,
    firstExecutionRunId: runId,
    result: () => result as Promise<WorkflowResultType<W>>,
    signal: (def, ...args) => signal(signalName(def), args),
    signalWithOptions: async (name, options) => signal(name, argsOfCallOptions(`signalWithOptions('${name}')`, options)),
  };
}

/** The command that starts a child, from its (possibly intercepted) input; an empty header is none. */
function childCommand(
  input: StartChildWorkflowExecutionInput,
  defaultTaskQueue: string,
): Omit<CommandOf<'StartChildWorkflowExecution'>, 'seq'> {
  const { workflowType, options } = input;
  return {
    type: 'StartChildWorkflowExecution',
    workflowId: options.workflowId,
    workflowType,
    taskQueue: options.taskQueue ?? defaultTaskQueue,
    args: toPayloads(options.args, `child workflow ${workflowType}`),
    parentClosePolicy: options.parentClosePolicy ?? 'TERMINATE',
    ...definedFields({
      workflowExecutionTimeoutMs: msOptionalToNumber(options.workflowExecutionTimeout),
      workflowRunTimeoutMs: msOptionalToNumber(options.workflowRunTimeout),
      workflowTaskTimeoutMs: msOptionalToNumber(options.workflowTaskTimeout),
      workflowIdReusePolicy: options.workflowIdReusePolicy,
      cronSchedule: options.cronSchedule || undefined, // an empty schedule is none
      memo: options.memo ? Object.fromEntries(Object.entries(options.memo).map(([k, v]) => [k, toPayload(v, `memo ${k}`)])) : undefined,
      searchAttributes: searchAttributesToWire(options.searchAttributes, options.typedSearchAttributes),
      searchAttributeTypes: searchAttributeTypesToWire(options.typedSearchAttributes),
      header: headersToWire(input.headers),
    }),
  };
}

/**
 * Starts a child workflow and waits for its result: `startChild` then `result()` (Temporal's `executeChild`).
 *
 * @param options may be left out for a workflow without arguments (a generated id, the parent's task queue).
 * @throws ChildWorkflowFailure if the child failed, was cancelled, terminated or timed out (`cause` says which).
 */
export async function executeChild<W extends Workflow>(
  workflowTypeOrFunc: string | W,
  options: ChildWorkflowOptions<W>,
): Promise<WorkflowResultType<W>>;
export async function executeChild<W extends () => Promise<unknown>>(workflowTypeOrFunc: string | W): Promise<WorkflowResultType<W>>;
export async function executeChild<W extends Workflow>(
  workflowTypeOrFunc: string | W,
  options?: ChildWorkflowOptions<W>,
): Promise<WorkflowResultType<W>> {
  const handle = await startChild<W>(workflowTypeOrFunc, options ?? ({} as ChildWorkflowOptions<W>));
  return handle.result();
}

/**
 * A handle to signal or cancel another workflow of the namespace (any, not only a child), as Temporal's
 * `getExternalWorkflowHandle`. Each call is a command recorded in history, answered when delivered.
 *
 * @param runId the run to address; without it, the workflow's current run.
 */
export function getExternalWorkflowHandle(workflowId: string, runId?: string): ExternalWorkflowHandle {
  const signal = (name: string, args: unknown[]): Promise<void> =>
    getActivator().children.signalIntercepted({ workflowId, ...(runId ? { runId } : {}), child: false }, name, args, (a) =>
      toPayloads(a, `signal ${name}`),
    );
  return {
    workflowId,
    ...(runId ? { runId } : {}),
    signal: (def, ...args) => signal(signalName(def), args),
    signalWithOptions: async (name, options) => signal(name, argsOfCallOptions(`signalWithOptions('${name}')`, options)),
    cancel: () => getActivator().children.cancel(workflowId, runId, false),
  };
}
