// `log` inside workflows: lines reach the worker's log with the workflow's id, and are muted while replaying.
import type { Payload, WorkflowLogEntry } from '../protocol';
import { getActivator } from './current-activator';
import { composeInterceptors } from './interceptor-composition';
import type { Activator } from './internals';

type Level = WorkflowLogEntry['level'];

function write(level: Level, message: string, given?: Record<string, unknown>): void {
  const activator = getActivator();
  const attrs = withInterceptedAttributes(activator, given);
  const entry: Omit<WorkflowLogEntry, 'timestamp'> = { level, message: String(message) };
  if (attrs) {
    try {
      entry.attrs = JSON.parse(JSON.stringify(attrs)) as Record<string, Payload>;
    } catch (err) {
      // Why they are not JSON (a cycle, a BigInt…); String(attrs) said only "[object Object]".
      entry.attrs = { unserialisable: err instanceof Error ? err.message : 'not JSON' };
    }
  }
  activator.log(entry);
}

/** With outbound interceptors that have getLogAttributes: what they make of the run's attributes, then the call's. */
function withInterceptedAttributes(activator: Activator, attrs?: Record<string, unknown>): Record<string, unknown> | undefined {
  const outbound = activator.interceptors.outbound;
  if (!outbound.some((i) => i.getLogAttributes)) return attrs;
  const { namespace, taskQueue, workflowId, runId, workflowType } = activator.info;
  const base = { namespace, taskQueue, workflowId, runId, workflowType };
  return { ...composeInterceptors(outbound, 'getLogAttributes', (a) => a)(base), ...attrs };
}

/**
 * A logger for workflow code (Temporal's `log` of `@temporalio/workflow`): each entry reaches the worker's
 * logger (see `Runtime.install`) with the workflow's id, run id and type, and is not repeated while the
 * workflow is replayed. `attrs` are written as JSON.
 */
export const log = {
  trace: (message: string, attrs?: Record<string, unknown>): void => write('trace', message, attrs),
  debug: (message: string, attrs?: Record<string, unknown>): void => write('debug', message, attrs),
  info: (message: string, attrs?: Record<string, unknown>): void => write('info', message, attrs),
  warn: (message: string, attrs?: Record<string, unknown>): void => write('warn', message, attrs),
  error: (message: string, attrs?: Record<string, unknown>): void => write('error', message, attrs),
};
