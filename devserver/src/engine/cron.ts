// Temporal's older cronSchedule start option: when a run closes (completed, failed, or its run timed
// out) the next run of the same workflow id starts, and its first workflow task waits for the next cron time.
import { CronSyntaxError, parseCron, type CronSchedule } from '@rewind/sdk/internal/common/cron';
import type { RunTransition } from './transition';
import { EngineError } from './transition';

const parsed = new Map<string, CronSchedule>();

function schedule(expression: string): CronSchedule {
  let cron = parsed.get(expression);
  if (!cron) {
    try {
      cron = parseCron(expression);
    } catch (error) {
      if (error instanceof CronSyntaxError) throw new EngineError('INVALID_ARGUMENT', `cronSchedule: ${error.message}`);
      throw error;
    }
    if (parsed.size > 1000) parsed.clear();
    parsed.set(expression, cron);
  }
  return cron;
}

/** What is wrong with the expression (naming the field), or undefined if it parses. */
export function cronProblem(expression: string): string | undefined {
  try {
    schedule(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** How long a run started now waits for its first workflow task: until the next time the expression matches. */
export function cronBackoffMs(expression: string, now: number): number {
  const next = schedule(expression).next(now);
  if (next === undefined) throw new EngineError('INVALID_ARGUMENT', `cronSchedule "${expression}" never matches in the next 5 years.`);
  return next - now;
}

/**
 * The id of the run that follows this closing one on its cron schedule (the caller knows the run
 * completed, failed or its run timed out), or undefined without a schedule. As in Temporal, the next
 * run starts even if the execution timeout will strike before its time: the chain then ends TIMED_OUT.
 */
export function nextCronRunId(tx: RunTransition): string | undefined {
  const { cron } = tx.state;
  if (!cron || schedule(cron.schedule).next(tx.now) === undefined) return undefined;
  return tx.newId();
}
