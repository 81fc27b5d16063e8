// Task tokens: opaque to workers, they name one attempt of one task so that a stale completion
// (an older attempt, a lease given to another worker) is recognised and changes nothing.
import type { TaskKind } from './derive';

export interface TaskTokenParts {
  kind: TaskKind;
  runId: string;
  /** Scheduled event id. */
  ref: number;
  attempt: number;
}

export function encodeTaskToken(t: TaskTokenParts): string {
  return `${t.kind === 'workflow' ? 'w' : 'a'}:${t.ref}:${t.attempt}:${t.runId}`;
}

const PATTERN = /^([wa]):(\d{1,15}):(\d{1,9}):(.{1,200})$/;

export function decodeTaskToken(token: string): TaskTokenParts | undefined {
  const m = PATTERN.exec(token);
  if (!m) return undefined;
  return { kind: m[1] === 'w' ? 'workflow' : 'activity', ref: Number(m[2]), attempt: Number(m[3]), runId: m[4]! };
}
