// Random commands for one workflow task, as workflow code could issue them given what its run holds
// (for the rebuild property test): valid ones mostly, and now and then one the engine refuses.
import type { Command, CommandOf, Failure, Memo, Payload, SearchAttributes } from '@rewind/sdk/protocol';
import { encodedPayload } from '@rewind/sdk/protocol';
import type { RunState } from '../../src/engine/run-state';
import type { SeededRandom } from './seeded-random';

/** What workflow code remembers of its run between tasks: the seq numbers it has used. */
export interface WorkflowMemory {
  nextActivitySeq: number;
  nextTimerSeq: number;
  nextOtherSeq: number;
  activitySeqs: number[];
  timerSeqs: number[];
  /** Whether this workflow starts children and signals or cancels other workflows (rebuild refuses those). */
  talksToOthers: boolean;
}

export function newWorkflowMemory(talksToOthers: boolean): WorkflowMemory {
  return { nextActivitySeq: 1, nextTimerSeq: 1, nextOtherSeq: 1, activitySeqs: [], timerSeqs: [], talksToOthers };
}

export function copyMemory(m: WorkflowMemory): WorkflowMemory {
  return { ...m, activitySeqs: [...m.activitySeqs], timerSeqs: [...m.timerSeqs] };
}

const PAYLOADS: readonly Payload[] = [null, 1, 'x', true, { order: 7 }, [1, 'two']];

export const randomPayload = (rng: SeededRandom): Payload => rng.pick(PAYLOADS);

export const makeFailure = (message: string, nonRetryable = false): Failure => ({
  message,
  source: 'TypeScriptSDK',
  info: { type: 'application', errorType: 'Boom', nonRetryable },
});

const SEARCH_ATTRIBUTE_KEYS = ['CustomerId', 'Priority', 'Region'];

export function randomSearchAttributes(rng: SeededRandom, allowRemoval: boolean): SearchAttributes {
  const attributes: SearchAttributes = {};
  for (const key of SEARCH_ATTRIBUTE_KEYS) {
    if (!rng.chance(0.5)) continue;
    attributes[key] = allowRemoval && rng.chance(0.3) ? [] : [rng.pick(['ada', 'bob', 3, 'eu'])];
  }
  return attributes;
}

const MEMO_KEYS = ['note', 'stage', 'owner'];
/** What removes a memo key: null, and Temporal's SDK's binary/null payload. */
const MEMO_REMOVALS: readonly Payload[] = [null, encodedPayload({ metadata: { encoding: 'YmluYXJ5L251bGw=' }, data: '' })];

/** A memo upsert: one key or more, each set or (now and then) removed. */
export function randomMemoUpsert(rng: SeededRandom): Memo {
  const memo: Memo = {};
  for (const key of MEMO_KEYS) if (rng.chance(0.5)) memo[key] = rng.chance(0.3) ? rng.pick(MEMO_REMOVALS) : randomPayload(rng);
  if (Object.keys(memo).length === 0) memo[rng.pick(MEMO_KEYS)] = randomPayload(rng);
  return memo;
}

/** The commands of a task of a run in `state`; `memory` is advanced (the caller keeps it only if the task completes). */
export function randomCommands(rng: SeededRandom, state: RunState, memory: WorkflowMemory): Command[] {
  const commands: Command[] = [];
  for (let i = rng.int(0, 4); i > 0; i--) commands.push(randomCommand(rng, memory));
  commands.push(...updateAnswers(rng, state));
  if (rng.chance(0.1)) {
    const closing = randomClosing(rng);
    // A closing command that is not last is a bad command: the task fails.
    if (rng.chance(0.05) && commands.length > 0) commands.unshift(closing);
    else commands.push(closing);
  }
  return commands;
}

function randomCommand(rng: SeededRandom, memory: WorkflowMemory): Command {
  const r = rng.next();
  if (r < 0.3) return scheduleActivity(rng, memory);
  if (r < 0.38 && memory.activitySeqs.length > 0) return { type: 'RequestCancelActivityTask', seq: rng.pick(memory.activitySeqs) };
  if (r < 0.55) return startTimer(rng, memory);
  if (r < 0.62 && memory.timerSeqs.length > 0) return { type: 'CancelTimer', seq: rng.pick(memory.timerSeqs) };
  if (r < 0.7)
    return { type: 'RecordMarker', markerName: rng.pick(['core_patch', 'core_local_activity']), details: { n: randomPayload(rng) } };
  if (r < 0.75) return { type: 'UpsertWorkflowSearchAttributes', searchAttributes: randomSearchAttributes(rng, true) };
  if (r < 0.8) return { type: 'ModifyWorkflowProperties', upsertedMemo: randomMemoUpsert(rng) };
  if (memory.talksToOthers) return toOtherWorkflow(rng, memory);
  return startTimer(rng, memory);
}

function scheduleActivity(rng: SeededRandom, memory: WorkflowMemory): CommandOf<'ScheduleActivityTask'> {
  // Local activities share the seq counter and a cancelled, unsent activity leaves a gap: seqs skip.
  if (rng.chance(0.1)) memory.nextActivitySeq += rng.int(1, 2);
  const seq = memory.nextActivitySeq++;
  memory.activitySeqs.push(seq);
  const timeouts = rng.chance(0.02)
    ? {} // Neither close timeout: a bad command.
    : rng.chance(0.7)
      ? { startToCloseTimeoutMs: rng.int(1, 30) * 1000 }
      : { scheduleToCloseTimeoutMs: rng.int(5, 60) * 1000 };
  return {
    type: 'ScheduleActivityTask',
    seq,
    // The SDK's default id is the seq; a workflow may name its own.
    activityId: rng.chance(0.85) ? String(seq) : `charge-${seq}`,
    activityType: rng.pick(['charge', 'ship']),
    taskQueue: 'q',
    args: [randomPayload(rng)],
    ...timeouts,
    ...(rng.chance(0.2) ? { scheduleToStartTimeoutMs: rng.int(1, 20) * 1000 } : {}),
    ...(rng.chance(0.2) ? { heartbeatTimeoutMs: rng.int(1, 10) * 1000 } : {}),
    ...(rng.chance(0.5) ? { retryPolicy: { maximumAttempts: rng.int(1, 4), initialIntervalMs: rng.int(1, 20) * 100 } } : {}),
  };
}

function startTimer(rng: SeededRandom, memory: WorkflowMemory): CommandOf<'StartTimer'> {
  // Now and then a seq already used by a timer that may still run: a bad command if it does.
  const reuse = rng.chance(0.03) && memory.timerSeqs.length > 0;
  const seq = reuse ? rng.pick(memory.timerSeqs) : memory.nextTimerSeq++;
  if (!reuse) memory.timerSeqs.push(seq);
  return { type: 'StartTimer', seq, startToFireTimeoutMs: rng.int(1, 40) * 500 };
}

function toOtherWorkflow(rng: SeededRandom, memory: WorkflowMemory): Command {
  const seq = memory.nextOtherSeq++;
  const workflowId = `other-${rng.int(1, 3)}`;
  const childWorkflowOnly = rng.chance(0.3);
  switch (rng.int(0, 2)) {
    case 0:
      return {
        type: 'StartChildWorkflowExecution',
        seq,
        workflowId: `child-${seq}`,
        workflowType: 'child',
        taskQueue: 'q',
        args: [randomPayload(rng)],
        parentClosePolicy: rng.pick(['TERMINATE', 'ABANDON', 'REQUEST_CANCEL'] as const),
      };
    case 1:
      return { type: 'SignalExternalWorkflowExecution', seq, workflowId, signalName: 'poke', args: [], childWorkflowOnly };
    default:
      return { type: 'RequestCancelExternalWorkflowExecution', seq, workflowId, childWorkflowOnly };
  }
}

/** The workflow's answers to updates: accept or reject the requested ones, complete the accepted ones. */
function updateAnswers(rng: SeededRandom, state: RunState): Command[] {
  const commands: Command[] = [];
  for (const [updateId, u] of Object.entries(state.updates)) {
    if (u.status === 'requested') {
      if (rng.chance(0.2)) commands.push({ type: 'RejectWorkflowUpdate', updateId, failure: makeFailure('invalid') });
      else if (rng.chance(0.7)) {
        commands.push({ type: 'AcceptWorkflowUpdate', updateId });
        if (rng.chance(0.5)) commands.push({ type: 'CompleteWorkflowUpdate', updateId, result: randomPayload(rng) });
      }
    } else if (u.status === 'accepted' && rng.chance(0.6)) {
      commands.push(
        rng.chance(0.8)
          ? { type: 'CompleteWorkflowUpdate', updateId, result: randomPayload(rng) }
          : { type: 'CompleteWorkflowUpdate', updateId, failure: makeFailure('handler failed') },
      );
    }
  }
  return commands;
}

function randomClosing(rng: SeededRandom): Command {
  switch (rng.int(0, 3)) {
    case 0:
      return { type: 'CompleteWorkflowExecution', ...(rng.chance(0.8) ? { result: randomPayload(rng) } : {}) };
    case 1:
      return { type: 'FailWorkflowExecution', failure: makeFailure('workflow failed') };
    case 2:
      return { type: 'CancelWorkflowExecution' };
    default:
      return {
        type: 'ContinueAsNewWorkflowExecution',
        workflowType: 'wf',
        taskQueue: 'q',
        args: [randomPayload(rng)],
        ...(rng.chance(0.3) ? { workflowRunTimeoutMs: rng.int(30, 120) * 1000 } : {}),
        ...(rng.chance(0.3) ? { workflowTaskTimeoutMs: rng.int(1, 10) * 1000 } : {}),
        ...(rng.chance(0.3) ? { memo: { note: randomPayload(rng) } } : {}),
        ...(rng.chance(0.3) ? { searchAttributes: randomSearchAttributes(rng, false) } : {}),
      };
  }
}
