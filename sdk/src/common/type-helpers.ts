// Compile-time exhaustiveness: a switch over a union that misses a case does not compile.
import { IllegalStateError } from './errors';

/**
 * For the `default` of a switch over a union: it compiles only if every case is handled (`value` is then
 * `never`); reached at run time (a value the types did not allow), it throws.
 *
 * @throws IllegalStateError with `message` and the value.
 */
export function assertNever(value: never, message = 'Unexpected value'): never {
  throw new IllegalStateError(`${message}: ${JSON.stringify(value)}`);
}
