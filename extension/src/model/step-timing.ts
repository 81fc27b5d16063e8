// How long a step took, or, while it is open, how long it has been open as of now: a pending timer says
// when it fires (and in how long), a retried activity its attempt, last failure and next retry. Also what tells
// steps of the same type apart (a short argument, else the activity id). Plain code, no vscode.
import type { HistoryEvent, PendingActivityInfo } from '@rewind/sdk/protocol';
import { formatDuration } from '@rewind/sdk/common';
import type { Step } from '@rewind/sdk/internal/history/history-steps';
import { briefArgs } from './payload-text';
import { clockTime, failureHeadline } from './run-facts';

/** A step still open (as of the history read so far). */
export function isOpen(step: Step): boolean {
  return step.state === 'running' || step.state === 'scheduled';
}

/** When an open timer fires (ISO), from its TimerStarted event; undefined for any other step. */
export function timerFireTime(step: Step, events: readonly HistoryEvent[]): string | undefined {
  if (step.kind !== 'timer' || !isOpen(step)) return undefined;
  const started = events[step.firstEventId - 1];
  if (started?.type !== 'TimerStarted') return undefined;
  return new Date(Date.parse(started.eventTime) + started.startToFireTimeoutMs).toISOString();
}

/**
 * The time column of a step: closed, how long it took (`lastEventTime` ends an open step of a closed
 * run); open in an open run (`now` given), how long it has been open, or for a timer "fires in 2.9 d".
 */
export function stepTimingText(
  step: Step,
  events: readonly HistoryEvent[],
  lastEventTime: string,
  now?: number,
  pending?: PendingActivityInfo,
): string {
  const start = Date.parse(step.startTime);
  if (step.endTime !== undefined || now === undefined || !isOpen(step)) {
    const ms = Date.parse(step.endTime ?? lastEventTime) - start;
    return Number.isFinite(ms) && ms >= 0 ? formatDuration(ms) : '';
  }
  const fire = timerFireTime(step, events);
  if (fire) {
    const left = Date.parse(fire) - now;
    return left > 0 ? `fires in ${formatDuration(left)}` : 'fires now';
  }
  const parts = [`open ${formatDuration(Math.max(0, now - start))}`];
  if (pending?.nextAttemptScheduleTime) {
    const left = Date.parse(pending.nextAttemptScheduleTime) - now;
    parts.push(left > 0 ? `retry in ${formatDuration(left)}` : 'retrying');
  }
  return parts.join(' · ');
}

/** The lines a hover or details pane adds for an open step: when a timer fires, an activity's attempts and next retry. */
export function openStepLines(step: Step, events: readonly HistoryEvent[], now: number, pending?: PendingActivityInfo): string[] {
  if (!isOpen(step)) return [];
  const lines = [`Open since ${clockTime(step.startTime)} (${formatDuration(Math.max(0, now - Date.parse(step.startTime)))})`];
  const fire = timerFireTime(step, events);
  if (fire) lines.push(`Fires at ${clockTime(fire)}${Date.parse(fire) > now ? ` (in ${formatDuration(Date.parse(fire) - now)})` : ''}`);
  if (pending) {
    lines.push(
      `Attempt ${pending.attempt}${pending.maximumAttempts > 0 ? ` of ${pending.maximumAttempts}` : ''} (${pending.state.toLowerCase()})`,
    );
    if (pending.lastFailure) lines.push(`Last failure: ${failureHeadline(pending.lastFailure)}`);
    const next = pending.nextAttemptScheduleTime;
    if (next)
      lines.push(`Next retry at ${clockTime(next)}${Date.parse(next) > now ? ` (in ${formatDuration(Date.parse(next) - now)})` : ''}`);
  } else if (step.attempt && step.attempt > 1) lines.push(`Attempt ${step.attempt}`);
  return lines;
}

/**
 * The attempt an open step is at: the server's word for a pending activity (the attempt being retried,
 * which its history does not have yet), else what its history says.
 */
export function currentAttempt(step: Step, pending?: PendingActivityInfo): number | undefined {
  return pending?.attempt ?? step.attempt;
}

/**
 * For each step, what tells it apart from the others of its kind and label (an activity's short
 * arguments, or its activity id when those are the same too); '' when its label is unique.
 */
export function stepDistinctions(steps: readonly Step[], events: readonly HistoryEvent[]): string[] {
  const byLabel = new Map<string, number[]>();
  steps.forEach((s, i) => {
    const key = `${s.kind}:${s.label}`;
    byLabel.set(key, [...(byLabel.get(key) ?? []), i]);
  });
  const out = steps.map(() => '');
  for (const indices of byLabel.values()) {
    if (indices.length < 2) continue;
    const args = indices.map((i) => (steps[i]!.input?.length ? briefArgs(steps[i]!.input, 24) : ''));
    const distinct = new Set(args).size === args.length && args.every(Boolean);
    indices.forEach((i, k) => {
      const started = events[steps[i]!.firstEventId - 1];
      const id = started?.type === 'ActivityTaskScheduled' ? `id ${started.activityId}` : `#${steps[i]!.firstEventId}`;
      out[i] = distinct ? args[k]! : id;
    });
  }
  return out;
}
