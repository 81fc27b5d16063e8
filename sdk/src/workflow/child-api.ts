// The child workflow API (Temporal's): startChild, executeChild, and handles on other workflows.
import { msOptionalToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { SignalDefinition, WithWorkflowArgs, Workflow, WorkflowResultType } from '../common/interfaces';
import { toPayload, toPayloads } from '../common/payloads';
import type { ParentClosePolicy as ParentClosePolicyName } from '../protocol';
import { uuid4 } from './api';
import type { ChildWorkflowCancellationType as CancellationTypeName } from './child-workflows';
import { getActivator } from './current-activator';

/** What happens to a child when its parent closes. Default TERMINATE. */
export const ParentClosePolicy = {
  TERMINATE: 'TERMINATE',
  ABANDON: 'ABANDON',
  REQUEST_CANCEL: 'REQUEST_CANCEL',
  PARENT_CLOSE_POLICY_TERMINATE: 'TERMINATE',
  PARENT_CLOSE_POLICY_ABANDON: 'ABANDON',
  PARENT_CLOSE_POLICY_REQUEST_CANCEL: 'REQUEST_CANCEL',
} as const;
export type ParentClosePolicy = ParentClosePolicyName;

/** What cancelling a child's scope does. Default WAIT_CANCELLATION_COMPLETED. */
export const ChildWorkflowCancellationType = {
  TRY_CANCEL: 'TRY_CANCEL',
  WAIT_CANCELLATION_COMPLETED: 'WAIT_CANCELLATION_COMPLETED',
  WAIT_CANCELLATION_REQUESTED: 'WAIT_CANCELLATION_REQUESTED',
  ABANDON: 'ABANDON',
} as const;
export type ChildWorkflowCancellationType = CancellationTypeName;

export interface BaseChildWorkflowOptions {
  /** Default: a new UUID. */
  workflowId?: string;
  /** Default: the parent's task queue. */
  taskQueue?: string;
  workflowExecutionTimeout?: Duration;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  parentClosePolicy?: ParentClosePolicy;
  cancellationType?: ChildWorkflowCancellationType;
  workflowIdReusePolicy?: 'ALLOW_DUPLICATE' | 'ALLOW_DUPLICATE_FAILED_ONLY' | 'REJECT_DUPLICATE' | 'TERMINATE_IF_RUNNING';
  memo?: Record<string, unknown>;
  searchAttributes?: Record<string, unknown[]>;
  /** Run the child on a cron schedule (UTC); the parent hears of it only when the chain of runs ends. */
  cronSchedule?: string;
}

export type ChildWorkflowOptions<W extends Workflow = Workflow> = WithWorkflowArgs<W, BaseChildWorkflowOptions>;

export interface ChildWorkflowHandle<W extends Workflow = Workflow> {
  readonly workflowId: string;
  readonly firstExecutionRunId: string;
  result(): Promise<WorkflowResultType<W>>;
  signal<Args extends unknown[] = []>(def: SignalDefinition<Args> | string, ...args: Args): Promise<void>;
}

export interface ExternalWorkflowHandle {
  readonly workflowId: string;
  readonly runId?: string;
  signal<Args extends unknown[] = []>(def: SignalDefinition<Args> | string, ...args: Args): Promise<void>;
  cancel(): Promise<void>;
}

const signalName = (def: SignalDefinition<unknown[]> | string): string => (typeof def === 'string' ? def : def.name);

/** Starts a child workflow; resolves once it has started (its id is then taken). */
export async function startChild<W extends Workflow>(
  workflowTypeOrFunc: string | W,
  options: ChildWorkflowOptions<W>,
): Promise<ChildWorkflowHandle<W>> {
  const workflowType = typeof workflowTypeOrFunc === 'string' ? workflowTypeOrFunc : workflowTypeOrFunc.name;
  if (!workflowType) throw new ValueError('startChild needs a named workflow function or a workflow type name.');
  const activator = getActivator();
  const workflowId = options.workflowId ?? uuid4();
  const execution = msOptionalToNumber(options.workflowExecutionTimeout);
  const run = msOptionalToNumber(options.workflowRunTimeout);
  const task = msOptionalToNumber(options.workflowTaskTimeout);
  const { started, result } = activator.children.start(
    {
      type: 'StartChildWorkflowExecution',
      workflowId,
      workflowType,
      taskQueue: options.taskQueue ?? activator.info.taskQueue,
      args: toPayloads((options.args ?? []) as readonly unknown[], `child workflow ${workflowType}`),
      parentClosePolicy: options.parentClosePolicy ?? 'TERMINATE',
      ...(execution !== undefined ? { workflowExecutionTimeoutMs: execution } : {}),
      ...(run !== undefined ? { workflowRunTimeoutMs: run } : {}),
      ...(task !== undefined ? { workflowTaskTimeoutMs: task } : {}),
      ...(options.workflowIdReusePolicy ? { workflowIdReusePolicy: options.workflowIdReusePolicy } : {}),
      ...(options.cronSchedule ? { cronSchedule: options.cronSchedule } : {}),
      ...(options.memo ? { memo: Object.fromEntries(Object.entries(options.memo).map(([k, v]) => [k, toPayload(v, `memo ${k}`)])) } : {}),
      ...(options.searchAttributes
        ? {
            searchAttributes: Object.fromEntries(
              Object.entries(options.searchAttributes).map(([k, v]) => [k, toPayloads(v, `search attribute ${k}`)]),
            ),
          }
        : {}),
    },
    options.cancellationType ?? 'WAIT_CANCELLATION_COMPLETED',
  );
  const runId = await started;
  return {
    workflowId,
    firstExecutionRunId: runId,
    result: () => result as Promise<WorkflowResultType<W>>,
    signal: (def, ...args) =>
      activator.children.signal(workflowId, undefined, signalName(def), toPayloads(args, `signal ${signalName(def)}`), true),
  };
}

/** Starts a child workflow and waits for its result. */
export async function executeChild<W extends Workflow>(
  workflowTypeOrFunc: string | W,
  options: ChildWorkflowOptions<W>,
): Promise<WorkflowResultType<W>> {
  const handle = await startChild(workflowTypeOrFunc, options);
  return handle.result();
}

/** A handle to signal or cancel another workflow (not a child: any workflow id in the namespace). */
export function getExternalWorkflowHandle(workflowId: string, runId?: string): ExternalWorkflowHandle {
  return {
    workflowId,
    ...(runId ? { runId } : {}),
    signal: (def, ...args) =>
      getActivator().children.signal(workflowId, runId, signalName(def), toPayloads(args, `signal ${signalName(def)}`), false),
    cancel: () => getActivator().children.cancel(workflowId, runId, false),
  };
}
