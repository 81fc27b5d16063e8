// The --auth-token flag (env REWIND_AUTH_TOKEN when absent): the server's token for `server start` and
// `rewind dev`, the one to send for client commands. Its value is never printed.
import { AUTH_TOKEN_ENV, checkAuthTokenText } from '@rewind/sdk/internal/transport/auth-token';
import { str, UsageError, type Flags } from './command';

export const authTokenFlag = {
  'auth-token': {
    type: 'string' as const,
    description: `Auth token of the Rewind server, sent as a bearer token (env ${AUTH_TOKEN_ENV})`,
    default: undefined,
  },
};

/** The flag's value, else REWIND_AUTH_TOKEN; undefined when neither is set. */
export function authTokenOf(flags: Flags): string | undefined {
  const flag = str(flags, 'auth-token');
  if (flag !== undefined) {
    if (flag === '') throw new UsageError('--auth-token is empty: give the token, or leave the flag out.');
    check(flag, '--auth-token');
    return flag;
  }
  const env = process.env[AUTH_TOKEN_ENV]?.trim();
  if (!env) return undefined;
  check(env, AUTH_TOKEN_ENV);
  return env;
}

function check(token: string, source: string): void {
  try {
    checkAuthTokenText(token, source);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
