// Flags shared by the `rewind workflow …` verbs, and how failures of a workflow are printed.
import { connectionFlags } from './connect';
import { outputFlag } from './output';

export const targetFlags = {
  'workflow-id': { type: 'string' as const, short: 'w', description: 'Workflow id', required: true },
  'run-id': { type: 'string' as const, short: 'r', description: 'Run id (default: the latest run)' },
  ...connectionFlags,
  ...outputFlag,
};

export const inputFlags = {
  input: { type: 'string' as const, short: 'i', multiple: true, description: 'An argument as JSON' },
  'input-file': { type: 'string' as const, description: 'A file holding a JSON array of the arguments' },
};

/** An error as one line of text with its chain of causes (a failed workflow: why it failed). */
export function failureText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const parts: string[] = [err.message];
  let cause: unknown = err.cause;
  while (cause instanceof Error) {
    // A cause the message already quotes (a connection error's) is not said twice.
    const { name, message } = cause;
    if (!parts.some((p) => p.includes(message))) parts.push(`${name}: ${message}`);
    cause = cause.cause;
  }
  return parts.join(' ← ');
}
