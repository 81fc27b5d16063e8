// The thread that type-checks for `rewind dev` (TypeScript's checker is synchronous: here it does not
// stop the server). Each message asks for a check; the reply has the errors, or why there is no check.
import { parentPort, workerData } from 'node:worker_threads';
import type { DevConfig } from './dev-config';
import { createTypeChecker } from './type-check';

export interface TypeCheckReply {
  id: number;
  errors?: string[];
  unavailable?: string;
}

const checker = createTypeChecker(workerData as DevConfig);
parentPort!.on('message', (id: number) => {
  const reply: TypeCheckReply = checker.check
    ? { id, errors: checker.check() }
    : { id, ...(checker.unavailable ? { unavailable: checker.unavailable } : {}) };
  parentPort!.postMessage(reply);
});
