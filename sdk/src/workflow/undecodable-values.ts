// Values the worker could not decode (a codec's payload), as the workflow code gets them: a stand-in that
// refuses every read. The refusal (its message names the value and its event) is raised, and fails the
// workflow task, only when the code reads the value; a result the code ignores refuses nothing, as it
// needs no decoding (common/payload-decoding.ts makes the refusals, worker/workflows/decode-jobs.ts places them).
import { PayloadEncodingError } from '../common/errors';
import { undecodableOf } from '../common/payload-decoding';

/**
 * The value with each refusal in it replaced by a stand-in whose every read throws the refusal, after
 * handing it to `onRead` (the runtime fails the task with it, even if the code catches it).
 */
export function withUndecodableStandIns<T>(value: T, onRead: (err: PayloadEncodingError) => void): T {
  return replace(value, onRead) as T;
}

function replace(value: unknown, onRead: (err: PayloadEncodingError) => void): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const facts = undecodableOf(value);
  if (facts) return standIn(new PayloadEncodingError(facts.message, facts.encoding, facts.size, null), onRead);
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let out: unknown[] | undefined;
    items.forEach((v, i) => {
      const r = replace(v, onRead);
      if (r !== v) (out ??= [...items])[i] = r;
    });
    return out ?? items;
  }
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const r = replace(v, onRead);
    if (r !== v) (out ??= { ...value })[k] = r;
  }
  return out ?? value;
}

function standIn(err: PayloadEncodingError, onRead: (err: PayloadEncodingError) => void): object {
  const refuse = (): never => {
    onRead(err);
    throw err;
  };
  return new Proxy(
    {},
    {
      // Not a thenable: resolving a promise with it (an activity's result) is no read.
      get: (_target, key) => (key === 'then' ? undefined : refuse()),
      has: refuse,
      ownKeys: refuse,
      getOwnPropertyDescriptor: refuse,
      set: refuse,
      defineProperty: refuse,
      deleteProperty: refuse,
    },
  );
}
