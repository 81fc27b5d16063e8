// `log` inside workflows: lines reach the worker's log with the workflow's id, and are muted while replaying.
import type { Payload, WorkflowLogEntry } from '../protocol';
import { getActivator } from './current-activator';

type Level = WorkflowLogEntry['level'];

function write(level: Level, message: string, attrs?: Record<string, unknown>): void {
  const entry: Omit<WorkflowLogEntry, 'timestamp'> = { level, message: String(message) };
  if (attrs) {
    try {
      entry.attrs = JSON.parse(JSON.stringify(attrs)) as Record<string, Payload>;
    } catch (err) {
      // Why they are not JSON (a cycle, a BigInt…); String(attrs) said only "[object Object]".
      entry.attrs = { unserialisable: err instanceof Error ? err.message : 'not JSON' };
    }
  }
  getActivator().log(entry);
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
