// continueAsNew: end this run and start a fresh one of the same workflow id with new arguments (an
// empty history), as Temporal's. Thrown as an error that the runtime turns into the command.
import { markErrorClass } from '../common/brand';
import { msOptionalToNumber, type Duration } from '../common/duration';
import type { Workflow } from '../common/interfaces';
import { toPayload, toPayloads } from '../common/payloads';
import type { CommandOf } from '../protocol';
import { getActivator } from './current-activator';

/** Propagates out of the workflow function to end the run with ContinueAsNewWorkflowExecution. */
export class ContinueAsNew extends Error {
  constructor(readonly command: CommandOf<'ContinueAsNewWorkflowExecution'>) {
    super(`Workflow continued as new (${command.workflowType})`);
  }
}
markErrorClass(ContinueAsNew, 'ContinueAsNew');

export interface ContinueAsNewOptions {
  /** Default: this workflow's type. */
  workflowType?: string;
  /** Default: this workflow's task queue. */
  taskQueue?: string;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  /** Default: this run's memo. */
  memo?: Record<string, unknown>;
  /** Default: this run's search attributes. */
  searchAttributes?: Record<string, unknown[]>;
}

/** A function that continues as new with these options (the arguments are the new run's). */
export function makeContinueAsNewFunc<F extends Workflow>(options: ContinueAsNewOptions = {}): (...args: Parameters<F>) => Promise<never> {
  return (...args: Parameters<F>): Promise<never> => {
    const info = getActivator().info;
    const workflowType = options.workflowType ?? info.workflowType;
    const run = msOptionalToNumber(options.workflowRunTimeout);
    const task = msOptionalToNumber(options.workflowTaskTimeout);
    const command: CommandOf<'ContinueAsNewWorkflowExecution'> = {
      type: 'ContinueAsNewWorkflowExecution',
      workflowType,
      taskQueue: options.taskQueue ?? info.taskQueue,
      args: toPayloads(args as unknown[], `the continued workflow ${workflowType}`),
      ...(run !== undefined ? { workflowRunTimeoutMs: run } : {}),
      ...(task !== undefined ? { workflowTaskTimeoutMs: task } : {}),
      ...(options.memo ? { memo: Object.fromEntries(Object.entries(options.memo).map(([k, v]) => [k, toPayload(v, `memo ${k}`)])) } : {}),
      ...(options.searchAttributes
        ? {
            searchAttributes: Object.fromEntries(
              Object.entries(options.searchAttributes).map(([k, v]) => [k, toPayloads(v, `search attribute ${k}`)]),
            ),
          }
        : {}),
    };
    return Promise.reject(new ContinueAsNew(command));
  };
}

/** Continues as new with the same workflow type and task queue, and these arguments. */
export function continueAsNew<F extends Workflow>(...args: Parameters<F>): Promise<never> {
  return makeContinueAsNewFunc<F>()(...args);
}
