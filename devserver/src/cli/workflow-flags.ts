// Flags shared by the `rewind workflow …` verbs, and how failures of a workflow are printed.
import { errorToFailure, TemporalFailure, WorkflowFailedError } from '@rewind/sdk/client';
import { failureChainText } from '@rewind/sdk/internal/common/failure-text';
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

/**
 * An error as one line of text with its chain of causes (a failed workflow: why it failed). Failures of
 * workflows and updates are said by the SDK's failureChainText, as WorkflowFailedError's message is.
 */
export function failureText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // Its message says the cause chain already, with where it happened (what only the server knows).
  if (err instanceof WorkflowFailedError) return err.message;
  if (err.cause instanceof TemporalFailure) return `${err.message}: ${failureChainText(errorToFailure(err.cause))}`;
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
