// The thread that type-checks for `rewind dev` through the compiler API (TypeScript's checker is
// synchronous: here it does not stop the server). Each message asks for a check; the reply has the
// errors, or why the check could not run.
import { parentPort, workerData } from 'node:worker_threads';
import { createApiTypeCheck, type ApiTypeCheck } from './api-type-check';
import type { TypeCheckPlan } from './type-check-plan';

export interface TypeCheckThreadData {
  /** The folder of the project's TypeScript package. */
  typescript: string;
  plan: TypeCheckPlan;
}

export type TypeCheckThreadReply = { id: number; errors: string[] } | { id: number; failed: string };

const { typescript, plan } = workerData as TypeCheckThreadData;
let check: ApiTypeCheck | undefined;
parentPort!.on('message', (id: number) => {
  let reply: TypeCheckThreadReply;
  try {
    check ??= createApiTypeCheck(typescript, plan);
    reply = { id, errors: check() };
  } catch (err) {
    reply = { id, failed: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
