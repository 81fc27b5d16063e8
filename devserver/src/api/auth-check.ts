// The server's side of the auth token: whether a request's `Authorization: Bearer <token>` header
// matches, compared in constant time (hashes of equal length). Never logs or returns the token.
import { createHash, timingSafeEqual } from 'node:crypto';

export type AuthOutcome = 'ok' | 'missing' | 'malformed' | 'wrong';

/** What a refused client is told (plain text) and what the server's log says (the same, without the token). */
export const REFUSAL_REASON: Record<Exclude<AuthOutcome, 'ok'>, string> = {
  missing: 'no auth token was sent; send it as the header Authorization: Bearer <token>',
  malformed: 'the Authorization header is not "Bearer <token>"',
  wrong: 'the auth token is not the one this server was started with',
};

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export class AuthCheck {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  check(authorization: string | undefined): AuthOutcome {
    if (authorization === undefined || authorization.trim() === '') return 'missing';
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!m) return 'malformed';
    return timingSafeEqual(digest(m[1]!), this.expected) ? 'ok' : 'wrong';
  }
}
