// Which addresses the server may listen on without an auth token: only this machine's loopback.
// Anything else (0.0.0.0, a LAN address) lets others reach your workflows, so it needs a token.

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.trim().toLowerCase());
}

/** Listening beyond this machine was asked for without an auth token. */
export class UnprotectedBindError extends Error {
  override readonly name = 'UnprotectedBindError';
  readonly code = 'UNPROTECTED_BIND';
}

/** Throws an UnprotectedBindError unless `host` is loopback or a token protects the server. */
export function checkBind(host: string, authToken: string | undefined): void {
  if (isLoopback(host) || authToken) return;
  throw new UnprotectedBindError(
    `Refusing to listen on ${host} without an auth token: anyone who can reach this address could start, signal and read your workflows. ` +
      'Pass a long random token (e.g. from `openssl rand -hex 32`) with --auth-token <token> or the REWIND_AUTH_TOKEN environment variable ' +
      '(authToken for RewindServer.start) and give clients the same one; or listen on this machine only with --ip 127.0.0.1.',
  );
}
