// workflowInfo().unsafe.random (Temporal's UnsafeRandomSource): fresh entropy from the un-sandboxed
// Math.random, for read-only code (queries, validators, logs); never replay-stable.
import { uuid4From } from './alea';

/**
 * A non-deterministic random source (Temporal's `UnsafeRandomSource`): every draw is fresh entropy, not
 * derived from the run's seed and not the same on replay. Only safe in read-only query handlers and update
 * validators; using it on the workflow's main path makes replays fail with non-determinism errors.
 */
export interface UnsafeRandomSource {
  /** A fresh non-deterministic float in [0, 1), like an un-sandboxed `Math.random()`. */
  random(): number;
  /** A fresh non-deterministic v4 UUID. */
  uuid4(): string;
  /** Fills `bytes` with fresh non-deterministic values and returns it. */
  fillRandom(bytes: Uint8Array): Uint8Array;
}

/** The source drawing from `random`; as Temporal's, it is left out of JSON (its methods would show as `{}`). */
export function unsafeRandomSource(random: () => number): UnsafeRandomSource {
  const source: UnsafeRandomSource = {
    random,
    uuid4: () => uuid4From(random),
    fillRandom: (bytes) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 0x100);
      return bytes;
    },
  };
  Object.defineProperty(source, 'toJSON', { value: () => undefined, enumerable: true });
  return source;
}
