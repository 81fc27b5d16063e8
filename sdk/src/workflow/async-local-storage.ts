// Temporal's `AsyncLocalStorage` export of @temporalio/workflow: the workflow sandbox's global (Node's, each
// instance disabled when its run ends: sandbox-async-local-storage.ts), or, outside a sandbox, an empty class.
import type { AsyncLocalStorage as NodeAsyncLocalStorage } from 'node:async_hooks';

type AsyncLocalStorageClass = new <T>() => NodeAsyncLocalStorage<T>;

export const AsyncLocalStorage: AsyncLocalStorageClass =
  (globalThis as { AsyncLocalStorage?: AsyncLocalStorageClass }).AsyncLocalStorage ?? (class {} as unknown as AsyncLocalStorageClass);
