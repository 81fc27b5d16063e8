// Sinks on the worker's side (Temporal's InjectedSinks): the functions a workflow's proxySinks calls
// reach, made after each activation (and query) in the worker's process, and not for a call made while
// history is replayed, nor in a replay, unless the function says callDuringReplay. A sink that throws or
// rejects is logged, never fails the workflow.
import type { SinkCall, SinkFunction, Sink, Sinks } from '../workflow/sinks';
import type { WorkflowInfo } from '../workflow/info';
import { reviveTypedSearchAttributes } from '../common/typed-search-attributes';
import { unsafeRandomSource } from '../workflow/unsafe-random';
import type { Logger } from './logger';

/** A sink function as the worker provides it (Temporal's `InjectedSinkFunction`). */
export interface InjectedSinkFunction<F extends SinkFunction> {
  /** Called with the run's info at the time of the call and the workflow's arguments (after JSON). */
  fn(info: WorkflowInfo, ...args: Parameters<F>): void | Promise<void>;
  /**
   * Whether to call it for calls made while history is replayed (a run rebuilt from history; every call in
   * `runReplayHistory`): each call would then be made again for the same workflow code. Without it, a call
   * is made only when the run's `workflowInfo().unsafe.isReplayingHistoryEvents` was false as it was made:
   * live activations, query handlers and update validators (as Temporal's).
   *
   * @default false
   */
  callDuringReplay?: boolean;
}

/** A sink's functions as the worker provides them (Temporal's `InjectedSink`). */
export type InjectedSink<T extends Sink> = { [P in keyof T]: InjectedSinkFunction<T[P]> };

/** The worker's `sinks` option (Temporal's `InjectedSinks`): each sink workflows reach with `proxySinks<T>()`. */
export type InjectedSinks<T extends Sinks> = { [P in keyof T]: InjectedSink<T[P]> };

/** The sinks a sandbox's runs call, and where a failing or missing one is reported. */
export interface SinkDispatch {
  sinks: InjectedSinks<Sinks>;
  logger?: Logger;
  /** The sandbox replays histories (`Worker.runReplayHistory`): only callDuringReplay functions are called. */
  replay?: boolean;
}

/**
 * Makes the calls a run recorded (in order); one made while history was replayed (its info says so), or
 * any in a replay, only where callDuringReplay (Temporal's filter, per call).
 */
export function callSinks(dispatch: SinkDispatch, calls: readonly SinkCall[]): void {
  for (const call of calls) {
    const injected = (dispatch.sinks as Record<string, Record<string, InjectedSinkFunction<SinkFunction> | undefined> | undefined>)[
      call.ifaceName
    ]?.[call.fnName];
    const where = { sink: `${call.ifaceName}.${call.fnName}`, workflowId: call.workflowInfo.workflowId, runId: call.workflowInfo.runId };
    if (!injected) {
      dispatch.logger?.error(`Workflow called sink ${where.sink}, which the worker's sinks option does not provide.`, where);
      continue;
    }
    if (!injected.callDuringReplay && (dispatch.replay || call.workflowInfo.unsafe.isReplayingHistoryEvents)) continue;
    const info = reviveInfo(call.workflowInfo);
    try {
      const done = injected.fn(info, ...(call.args as never[]));
      if (done instanceof Promise) done.catch((err: unknown) => dispatch.logger?.error(`Sink ${where.sink} failed: ${String(err)}`, where));
    } catch (err) {
      dispatch.logger?.error(`Sink ${where.sink} failed: ${String(err)}`, where);
    }
  }
}

/**
 * The info as the workflow had it: its dates crossed the sandbox's boundary as text, and the functions of
 * `unsafe` did not cross (as Temporal's worker, they are the worker's clock and fresh randomness again).
 */
function reviveInfo(info: WorkflowInfo): WorkflowInfo {
  const dates = info as unknown as { startTime: string | Date; runStartTime: string | Date };
  return {
    ...info,
    unsafe: { ...info.unsafe, now: () => Date.now(), random: unsafeRandomSource(Math.random) },
    startTime: new Date(dates.startTime),
    runStartTime: new Date(dates.runStartTime),
    // Its typed search attributes came as their pairs (toJSON): a set again, Dates and all.
    typedSearchAttributes: reviveTypedSearchAttributes(info.typedSearchAttributes, info.searchAttributes),
  };
}
