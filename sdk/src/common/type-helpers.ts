// Compile-time exhaustiveness: a switch over a union that misses a case does not compile.
import { IllegalStateError } from './errors';

export function assertNever(value: never, message = 'Unexpected value'): never {
  throw new IllegalStateError(`${message}: ${JSON.stringify(value)}`);
}
