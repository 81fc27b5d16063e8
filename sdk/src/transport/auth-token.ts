// The auth token a client sends (Temporal's `apiKey`): where it comes from, how it goes on the wire
// (`Authorization: Bearer <token>` on the WebSocket upgrade), and what a server's refusal means.
// It must never put the token itself in a message.
import { ValueError } from '../common/errors';
import { ConnectionError, UnauthenticatedError } from './connection-error';
import { fromEnv, type Env } from './env-config';

/**
 * Rewind's variable for the token: a server's own (`rewind server start`, `rewind dev`, the extension's
 * `rewind dev`) and the one clients send. Clients also read Temporal's TEMPORAL_API_KEY after it (env-config.ts).
 */
export const AUTH_TOKEN_ENV = 'REWIND_AUTH_TOKEN';

/** What a token may hold: visible ASCII, so that it fits in an HTTP header as it is. */
const TOKEN_TEXT = /^[\x21-\x7e]+$/;

/** Throws a ValueError naming `source` when `token` could not be sent as a bearer token. */
export function checkAuthTokenText(token: string, source: string): void {
  if (!TOKEN_TEXT.test(token)) {
    throw new ValueError(
      `${source} holds characters an auth token cannot have (spaces, line breaks or non-ASCII): ` +
        'use letters, digits and punctuation only, e.g. the output of `openssl rand -hex 32`.',
    );
  }
}

/** The token a client sends: `apiKey` if given, else REWIND_AUTH_TOKEN, else TEMPORAL_API_KEY; none when all are empty. */
export function resolveAuthToken(apiKey: string | undefined, env: Env = process.env): string | undefined {
  if (apiKey) {
    checkAuthTokenText(apiKey, 'apiKey');
    return apiKey;
  }
  const found = fromEnv('apiKey', env);
  if (!found) return undefined;
  checkAuthTokenText(found.value, found.variable);
  return found.value;
}

export function authorizationHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * The error for an upgrade the server answered with an HTTP status instead of a WebSocket: 401 is
 * about the token (a missing one, or one the server does not know); anything else is passed on.
 */
export function refusalError(where: string, status: number, body: string, sentToken: boolean): Error {
  if (status === 401) {
    return new UnauthenticatedError(
      sentToken
        ? `The Rewind server at ${where} refused the auth token: it is not the one the server was started with. ` +
            `Set ${AUTH_TOKEN_ENV} or pass apiKey with the server's token (--auth-token for the rewind CLI, rewind.authToken in VS Code).`
        : `The Rewind server at ${where} requires an auth token: set ${AUTH_TOKEN_ENV} or pass apiKey ` +
            '(--auth-token for the rewind CLI, rewind.authToken in VS Code).',
    );
  }
  const reason = body.trim().slice(0, 300);
  return new ConnectionError(`The Rewind server at ${where} refused the connection (HTTP ${status})${reason ? `: ${reason}` : '.'}`);
}
