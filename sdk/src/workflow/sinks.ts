// Sinks (Temporal's proxySinks): one-way calls from workflow code to functions of the worker process
// (a logger, a metrics exporter). The call is recorded in the run and made by the worker after the
// activation, not while the run is replayed unless the worker's sink says `callDuringReplay`.
import { getActivator } from './current-activator';
import type { WorkflowInfo } from './info';

/** A function of a sink: called with JSON-serialisable arguments, returns nothing to the workflow. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Temporal's type: a Sink built against it is one of Rewind's, and back.
export type SinkFunction = (...args: any[]) => void;
/** A set of sink functions by name. */
export type Sink = Record<string, SinkFunction>;
/** The sinks a workflow calls, by name (the worker's `sinks` option provides them). */
export type Sinks = Record<string, Sink>;

/** A sink call recorded by the workflow, made by the worker after the activation (Temporal's `SinkCall`). */
export interface SinkCall {
  ifaceName: string;
  fnName: string;
  args: unknown[];
  /** The run's info when the call was made. */
  workflowInfo: WorkflowInfo;
}

/** A logger as a sink (Temporal's deprecated `LoggerSinks`): prefer `log`, which the worker already receives. */
export interface LoggerSinks extends Sinks {
  defaultWorkerLogger: {
    trace(message: string, attrs?: Record<string, unknown>): void;
    debug(message: string, attrs?: Record<string, unknown>): void;
    info(message: string, attrs?: Record<string, unknown>): void;
    warn(message: string, attrs?: Record<string, unknown>): void;
    error(message: string, attrs?: Record<string, unknown>): void;
  };
}

/**
 * The sinks the worker provides, as functions workflow code calls (Temporal's `proxySinks`):
 * `proxySinks<MySinks>().alerts.send('late', orderId)`. A call returns at once; the worker calls its
 * function with the run's `WorkflowInfo` and the arguments (as JSON) once the activation is done, and not
 * when the run is replayed (unless the sink function is registered with `callDuringReplay: true`). Calls
 * are made in the worker's process, so they may do I/O; they cannot return anything to the workflow.
 *
 * @throws IllegalStateError if a sink function is called outside workflow code.
 */
export function proxySinks<T extends Sinks>(): T {
  return new Proxy({} as T, {
    get(_target, ifaceName) {
      if (typeof ifaceName !== 'string') return undefined;
      return new Proxy({} as Sink, {
        get(_inner, fnName) {
          if (typeof fnName !== 'string') return undefined;
          return (...args: unknown[]): void => {
            const activator = getActivator();
            // A copy now: later changes of the objects passed must not reach the call made after the activation.
            activator.sinkCalls.push({
              ifaceName,
              fnName,
              args: JSON.parse(JSON.stringify(args) ?? '[]') as unknown[],
              workflowInfo: activator.info,
            });
          };
        },
      });
    },
  });
}
