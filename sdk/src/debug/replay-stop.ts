// Why a replay stopped, as data: a DeterminismViolationError split into its sides, source line and
// advice, or the workflow code throwing (its stack mapped to source). Any other error is rethrown.
import { DeterminismViolationError } from '../common/errors';
import type { Command, HistoryEvent } from '../protocol';
import { describeCommand, describeEvent, mismatchAdvice, WAITS_FOR_MATCHING_CODE } from '../worker/workflows/determinism';
import type { WorkflowSandbox } from '../worker/sandbox/sandbox';
import type { SourceLocation } from '../worker/sandbox/source-map';
import { ReplayFailedError } from '../worker/workflows/workflow-executor';
import type { NonDeterminism, ReplayCodeError } from './types';

/** The fields determinismError() sets on the error it makes. */
interface ViolationFields {
  eventId?: number;
  location?: SourceLocation;
  expected?: HistoryEvent;
  issued?: Command;
}

export function replayStop(err: unknown, sandbox: WorkflowSandbox): { nonDeterminism?: NonDeterminism; codeError?: ReplayCodeError } {
  if (err instanceof DeterminismViolationError) return { nonDeterminism: nonDeterminismOf(err) };
  if (err instanceof ReplayFailedError) {
    const stack = sandbox.sourceMap.mapStack(err.failure.stackTrace);
    return { codeError: { eventId: err.startedEventId, message: err.message, ...(stack ? { stack } : {}) } };
  }
  throw err;
}

/** What the debugger says where the worker would say the run waits for matching code. */
export const DEBUGGER_STOPS_HERE =
  'Replay cannot go past this event with this code: step back to see how the run got here, or open the code the run was made with.';

export function nonDeterminismOf(err: DeterminismViolationError): NonDeterminism {
  const f = err as DeterminismViolationError & ViolationFields;
  if (typeof f.eventId !== 'number') throw new Error(`A determinism error without its event: ${err.message}`);
  return {
    eventId: f.eventId,
    // The worker's last sentence (the run waits for matching code) is not the debugger's.
    message: err.message.replace(WAITS_FOR_MATCHING_CODE, DEBUGGER_STOPS_HERE),
    ...(f.expected ? { history: { event: f.expected, description: describeEvent(f.expected) } } : {}),
    ...(f.issued ? { code: { command: f.issued, description: describeCommand(f.issued) } } : {}),
    ...(f.location ? { location: f.location } : {}),
    advice: mismatchAdvice(f.expected),
  };
}
