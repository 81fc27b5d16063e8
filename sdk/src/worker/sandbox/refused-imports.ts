// Explains a workflow bundle's failed import of an SDK name: esbuild says only "No matching export"; for a
// Temporal name that Rewind refuses, the message says why and what to use (common/refused-names.ts).
import { refusalMessage } from '../../common/refused-names';

const NO_MATCHING_EXPORT = /^No matching export in "rewind-sdk:(workflow|common)" for import "([^"]+)"$/;

/**
 * The text of one esbuild problem, with the refusal of the name it failed to import when there is one (a
 * workflow's `@temporalio/workflow` and `@rewind/sdk/workflow` imports both resolve to the runtime's
 * `workflow` part, `…/common` to `common`); other problems unchanged.
 */
export function explainBundleProblem(text: string): string {
  const match = NO_MATCHING_EXPORT.exec(text);
  if (!match) return text;
  const part = match[1] === 'workflow' ? 'workflow' : 'common';
  const name = match[2]!;
  const refusal = refusalMessage(part, name) ?? refusalMessage('common', name);
  return refusal ?? `${text}: @rewind/sdk/${part} has no export named ${name} (the README lists the Temporal names Rewind refuses)`;
}
