// `console` in workflow code, as Temporal's: log, info, warn, error and debug print on the worker's own
// console, prefixed with the workflow's type and id, and say nothing while history is replayed.
import { getActivator, inWorkflowContext } from './current-activator';
import type { WorkflowLogEntry } from '../protocol';

/** The methods Temporal's workflow console has. */
const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
export type ConsoleMethod = (typeof METHODS)[number];

/** One argument as the worker's console would show it: strings as they are, errors with their stack, values as JSON. */
function formatArg(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return arg.stack ?? `${arg.name}: ${arg.message}`;
  if (arg === undefined || typeof arg === 'function' || typeof arg === 'symbol' || typeof arg === 'bigint') return String(arg);
  try {
    // Not undefined: undefined, functions and symbols are handled above.
    return JSON.stringify(arg) as string;
  } catch (err) {
    // A cycle or a BigInt inside: say so rather than "[object Object]".
    return `[a value that is not JSON: ${err instanceof Error ? err.message : 'unknown'}]`;
  }
}

const LEVEL: Record<ConsoleMethod, WorkflowLogEntry['level']> = { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug' };

/** The console workflow code sees; its lines travel with the activation's logs, marked as the console's. */
export function workflowConsole(): Record<ConsoleMethod, (...args: unknown[]) => void> {
  const write =
    (method: ConsoleMethod) =>
    (...args: unknown[]): void => {
      if (!inWorkflowContext()) return;
      getActivator().log({ level: LEVEL[method], message: args.map(formatArg).join(' '), console: method });
    };
  return Object.fromEntries(METHODS.map((m) => [m, write(m)])) as Record<ConsoleMethod, (...args: unknown[]) => void>;
}
