// Workflow interceptors as Temporal's @temporalio/workflow defines them: the types a module listed in the
// worker's `interceptors.workflowModules` exports its `interceptors` factory with. Types only.
import type { Duration } from '../common/duration';
import type { Timestamp } from '../common/timestamp';
import type { Payload } from '../common/payload-message';
import type { Activation, Command } from '../protocol';
import type { ActivityOptions, LocalActivityOptions } from './activity-api';
import type { ChildWorkflowOptions } from './child-api';
import type { ContinueAsNewOptions } from './continue-as-new';

/**
 * Values beside a call's arguments, by name (Temporal's `Headers`): Temporal's Payloads, made with
 * `defaultPayloadConverter.toPayload(value)` and read with `defaultPayloadConverter.fromPayload(payload)`.
 * What an interceptor adds to an activity, a child, a signal or a continue-as-new travels with it (json/plain
 * as its JSON value, any other encoding byte for byte) and reaches the other side's interceptors.
 */
export type Headers = Record<string, Payload>;

// `any` as in Temporal's type: a method's own `next` parameter refers back to this type, and only `any`
// lets TypeScript match the method without resolving that parameter first.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyFunc = (...args: any[]) => any;
type OmitLast<T> = T extends [...infer P, any] ? P : never;
type OmitLastParam<F extends AnyFunc> = (...args: OmitLast<Parameters<F>>) => ReturnType<F>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The rest of the chain an interceptor method hands its (possibly changed) input to (Temporal's `Next`). */
export type Next<IF, FN extends keyof IF> = Required<IF>[FN] extends AnyFunc ? OmitLastParam<Required<IF>[FN]> : never;

/** What a module's `interceptors` export returns, once per run (Temporal's `WorkflowInterceptors`). */
export interface WorkflowInterceptors {
  inbound?: WorkflowInboundCallsInterceptor[];
  outbound?: WorkflowOutboundCallsInterceptor[];
  internals?: WorkflowInternalsInterceptor[];
}

/**
 * The `interceptors` export of a workflow interceptor module (Temporal's `WorkflowInterceptorsFactory`):
 * called once for each run, as it starts, inside the run (so `workflowInfo()` works in it). The first
 * interceptor of each list is the outermost: it sees a call first and hands it on with `next`.
 */
export type WorkflowInterceptorsFactory = () => WorkflowInterceptors;

// ---- inbound: calls into the workflow ----------------------------------------------------------

/** Calls the server makes into the workflow (Temporal's `WorkflowInboundCallsInterceptor`). */
export interface WorkflowInboundCallsInterceptor {
  /** The workflow function runs; its result or error is the run's. */
  execute?: (input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) => Promise<unknown>;
  /** An update's handler runs (after its validator accepted it). */
  handleUpdate?: (input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) => Promise<unknown>;
  /** An update's validator runs (live only, synchronously); throwing rejects the update. */
  validateUpdate?: (input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>) => void;
  /** A signal's handler runs. */
  handleSignal?: (input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) => Promise<void>;
  /** A query's handler runs; the promise must settle without waiting for the workflow (no timers, no activities). */
  handleQuery?: (input: QueryInput, next: Next<WorkflowInboundCallsInterceptor, 'handleQuery'>) => Promise<unknown>;
}

export interface WorkflowExecuteInput {
  readonly args: unknown[];
  /** The start's header (`headers` of `client.workflow.start`, a parent's interceptors, continue-as-new). */
  readonly headers: Headers;
}

export interface UpdateInput {
  readonly updateId: string;
  readonly name: string;
  readonly args: unknown[];
  readonly headers: Headers;
}

export interface SignalInput {
  readonly signalName: string;
  readonly args: unknown[];
  readonly headers: Headers;
}

export interface QueryInput {
  readonly queryId: string;
  readonly queryName: string;
  readonly args: unknown[];
  readonly headers: Headers;
}

// ---- outbound: calls the workflow makes --------------------------------------------------------

/** Calls the workflow makes (Temporal's `WorkflowOutboundCallsInterceptor`). */
export interface WorkflowOutboundCallsInterceptor {
  /** A durable timer starts (`sleep`, `condition` with a timeout, `setTimeout`, a local activity's long backoff). */
  startTimer?: (input: TimerInput, next: Next<WorkflowOutboundCallsInterceptor, 'startTimer'>) => Promise<void>;
  /** An activity is scheduled; `headers` reach the activity (`Context.current().info` and its interceptors). */
  scheduleActivity?: (input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) => Promise<unknown>;
  /** An attempt of a local activity is scheduled (each attempt passes here, with its `attempt`). */
  scheduleLocalActivity?: (
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ) => Promise<unknown>;
  /** A child workflow starts; resolves with its start (the run id) and its result, as two promises. */
  startChildWorkflowExecution?: (
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ) => Promise<[Promise<string>, Promise<unknown>]>;
  /** A signal is sent to a child or another workflow. */
  signalWorkflow?: (input: SignalWorkflowInput, next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>) => Promise<void>;
  /** The run continues as new (the promise always rejects, with `ContinueAsNew`). */
  continueAsNew?: (input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>) => Promise<never>;
  /** The attributes `log` gives each line (the run's ids and type to begin with). */
  getLogAttributes?: (
    input: GetLogAttributesInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>,
  ) => Record<string, unknown>;
}

export interface TimerInput {
  readonly durationMs: number;
  readonly seq: number;
  readonly options?: TimerOptions;
}

export interface TimerOptions {
  /** A summary for user interfaces. */
  readonly summary?: string;
}

export interface ActivityInput {
  readonly activityType: string;
  readonly args: unknown[];
  readonly options: ActivityOptions;
  readonly headers: Headers;
  readonly seq: number;
}

export interface LocalActivityInput {
  readonly activityType: string;
  readonly args: unknown[];
  readonly options: LocalActivityOptions;
  readonly headers: Headers;
  readonly seq: number;
  /** When the first attempt was scheduled (a protobuf Timestamp, as Temporal's: `tsToMs` from @rewind/sdk/common reads it). */
  readonly originalScheduleTime?: Timestamp;
  readonly attempt: number;
}

/** A child's options with the defaults filled in (Temporal's `ChildWorkflowOptionsWithDefaults`). */
export type ChildWorkflowOptionsWithDefaults = ChildWorkflowOptions & {
  workflowId: string;
  cancellationType: NonNullable<ChildWorkflowOptions['cancellationType']>;
  args: unknown[];
};

export interface StartChildWorkflowExecutionInput {
  readonly workflowType: string;
  readonly options: ChildWorkflowOptionsWithDefaults;
  readonly headers: Headers;
  readonly seq: number;
}

export interface SignalWorkflowInput {
  readonly seq: number;
  readonly signalName: string;
  readonly args: unknown[];
  readonly headers: Headers;
  readonly target:
    | { readonly type: 'external'; readonly workflowExecution: { workflowId?: string | null; runId?: string | null } }
    | { readonly type: 'child'; readonly childWorkflowId: string };
}

/** Continue-as-new options with the workflow type filled in (Temporal's `ContinueAsNewInputOptions`). */
export type ContinueAsNewInputOptions = ContinueAsNewOptions & Required<Pick<ContinueAsNewOptions, 'workflowType'>>;

export interface ContinueAsNewInput {
  readonly args: unknown[];
  readonly headers: Headers;
  readonly options: ContinueAsNewInputOptions;
}

export type GetLogAttributesInput = Record<string, unknown>;

// ---- internals: the runtime's own steps --------------------------------------------------------

/** The runtime's steps (Temporal's `WorkflowInternalsInterceptor`): each activation, its conclusion, the run's end in memory. */
export interface WorkflowInternalsInterceptor {
  /** A group of an activation's jobs is applied (Rewind's activation, not Temporal's protobuf). */
  activate?(input: ActivateInput, next: Next<this, 'activate'>): void;
  /** An activation ends with these commands; what it returns is sent. */
  concludeActivation?(input: ConcludeActivationInput, next: Next<this, 'concludeActivation'>): ConcludeActivationOutput;
  /** The run leaves the worker's memory (evicted, or closed). */
  dispose?(input: DisposeInput, next: Next<this, 'dispose'>): void;
}

export interface ActivateInput {
  readonly activation: Activation;
  /** Which group of the activation's jobs (see the ordering contract of protocol/activation.ts). */
  readonly batchIndex: number;
}

export interface ConcludeActivationInput {
  readonly commands: Command[];
}

export type ConcludeActivationOutput = ConcludeActivationInput;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DisposeInput {}

/** A duration an interceptor may read from options (re-exported for interceptor authors). */
export type { Duration };
