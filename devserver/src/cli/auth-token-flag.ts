// The --auth-token flag: the server's token for `server start` and `rewind dev` (else REWIND_AUTH_TOKEN),
// the one to send for client commands (else REWIND_AUTH_TOKEN, then TEMPORAL_API_KEY). Its value is never printed.
import { AUTH_TOKEN_ENV, checkAuthTokenText } from '@rewind/sdk/internal/transport/auth-token';
import { fromEnv } from '@rewind/sdk/internal/transport/env-config';
import { str, UsageError, type Flags } from './command';

export const authTokenFlag = {
  'auth-token': {
    type: 'string' as const,
    description: `Auth token of the Rewind server, sent as a bearer token (env ${AUTH_TOKEN_ENV}, else TEMPORAL_API_KEY)`,
    default: undefined,
  },
};

/**
 * A server's token: the flag's value, else REWIND_AUTH_TOKEN; undefined when neither is set. Temporal's
 * TEMPORAL_API_KEY is a client's key for a cluster, so it never makes a server want a token.
 */
export function serverAuthTokenOf(flags: Flags): string | undefined {
  const flag = flagToken(flags);
  if (flag !== undefined) return flag;
  const env = process.env[AUTH_TOKEN_ENV]?.trim();
  if (!env) return undefined;
  check(env, AUTH_TOKEN_ENV);
  return env;
}

/** The token a client command sends: the flag's value, else REWIND_AUTH_TOKEN, else TEMPORAL_API_KEY. */
export function clientAuthTokenOf(flags: Flags): string | undefined {
  const flag = flagToken(flags);
  if (flag !== undefined) return flag;
  const env = fromEnv('apiKey');
  if (!env) return undefined;
  check(env.value, env.variable);
  return env.value;
}

function flagToken(flags: Flags): string | undefined {
  const flag = str(flags, 'auth-token');
  if (flag === undefined) return undefined;
  if (flag === '') throw new UsageError('--auth-token is empty: give the token, or leave the flag out.');
  check(flag, '--auth-token');
  return flag;
}

function check(token: string, source: string): void {
  try {
    checkAuthTokenText(token, source);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
