// Task tokens: opaque to workers, they name one attempt of one task so that a stale completion
// (an older attempt, a lease given to another worker) is recognised and changes nothing.
import type { TaskKind } from './derive';

export interface TaskTokenParts {
  kind: TaskKind;
  runId: string;
  /** Scheduled event id. */
  ref: number;
  attempt: number;
  /** Workflow tasks: which start of the attempt (a task started again after a server restart has another). */
  start?: string;
}

export function encodeTaskToken(t: TaskTokenParts): string {
  return `${t.kind === 'workflow' ? 'w' : 'a'}:${t.ref}:${t.attempt}:${t.start !== undefined ? `${t.start}:` : ''}${t.runId}`;
}

const PATTERN = /^([wa]):(\d{1,15}):(\d{1,9}):(?:([0-9a-f]{12}):)?(.{1,200})$/;

export function decodeTaskToken(token: string): TaskTokenParts | undefined {
  const m = PATTERN.exec(token);
  if (!m) return undefined;
  const start = m[4] !== undefined ? { start: m[4] } : {};
  return { kind: m[1] === 'w' ? 'workflow' : 'activity', ref: Number(m[2]), attempt: Number(m[3]), ...start, runId: m[5]! };
}
