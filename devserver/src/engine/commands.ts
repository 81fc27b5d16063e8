// Turns the commands of a completed workflow task into events, in the order the workflow issued them.
import type { Command, Memo, SearchAttributes } from '@rewind/sdk/protocol';
import { mergeMemo, TERMINAL_COMMAND_TYPES } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { assertNever } from '@rewind/sdk/internal/common/type-helpers';
import { requestCancelActivity, scheduleActivity } from './activities';
import { initiateChild, initiateExternal } from './children';
import { cronProblem, nextCronRunId } from './cron';
import { closeRun, continueAsNew, failRun } from './execution';
import { acceptUpdate, completeUpdate, rejectUpdate } from './updates';
import type { RunState } from './run-state';
import { cancelTimer, startTimer } from './timers';
import type { RunTransition } from './transition';

/** What is wrong with a task's commands, or undefined when they can be applied. */
export function validateCommands(state: RunState, commands: readonly Command[]): string | undefined {
  const seenActivitySeqs = new Set<number>();
  const seenTimerSeqs = new Set<number>();
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]!;
    if (TERMINAL_COMMAND_TYPES.has(c.type) && i !== commands.length - 1) {
      return `Command ${i + 1} (${c.type}) closes the workflow but is not the last command of the task.`;
    }
    switch (c.type) {
      case 'ScheduleActivityTask':
        if (!c.startToCloseTimeoutMs && !c.scheduleToCloseTimeoutMs) {
          return `Activity ${c.activityType} has neither startToCloseTimeout nor scheduleToCloseTimeout: set one in proxyActivities options.`;
        }
        if (state.activitySeqs[c.seq] !== undefined || seenActivitySeqs.has(c.seq)) return `Activity seq ${c.seq} was already scheduled.`;
        seenActivitySeqs.add(c.seq);
        break;
      case 'StartTimer':
        // A timer whose firing is held back (it fired while this task ran) still runs as far as the workflow knows.
        if (state.timers[String(c.seq)] || seenTimerSeqs.has(c.seq) || firingHeldBack(state, String(c.seq))) {
          return `Timer ${c.seq} was already started.`;
        }
        seenTimerSeqs.add(c.seq);
        break;
      case 'ModifyWorkflowProperties':
        // Temporal's rule: an upsert names at least one key.
        if (Object.keys(c.upsertedMemo).length === 0) return 'ModifyWorkflowProperties upserts no memo key: name at least one.';
        break;
      case 'StartChildWorkflowExecution':
        if (c.cronSchedule) {
          const problem = cronProblem(c.cronSchedule);
          if (problem) return `Child workflow ${c.workflowId}: ${problem}`;
        }
        break;
      case 'ContinueAsNewWorkflowExecution':
      case 'SignalExternalWorkflowExecution':
      case 'RequestCancelExternalWorkflowExecution':
      case 'AcceptWorkflowUpdate':
      case 'RejectWorkflowUpdate':
      case 'CompleteWorkflowUpdate':
      case 'RequestCancelActivityTask':
      case 'CancelTimer':
      case 'RecordMarker':
      case 'UpsertWorkflowSearchAttributes':
      case 'CompleteWorkflowExecution':
      case 'FailWorkflowExecution':
      case 'CancelWorkflowExecution':
        break;
      default:
        return assertNever(c);
    }
  }
  return undefined;
}

export function applyCommands(tx: RunTransition, commands: readonly Command[], completedEventId: number): void {
  for (const c of commands) {
    const first = tx.events.length;
    applyCommand(tx, c, completedEventId);
    // A command's user metadata goes on the event it records (Temporal's rule; a command's events are never held back).
    const recorded = tx.events[first];
    if (c.userMetadata && recorded) tx.replaceEvent(first, { ...recorded, userMetadata: c.userMetadata });
  }
}

function applyCommand(tx: RunTransition, c: Command, completedEventId: number): void {
  switch (c.type) {
    case 'ScheduleActivityTask':
      scheduleActivity(tx, c, completedEventId);
      break;
    case 'RequestCancelActivityTask':
      requestCancelActivity(tx, c.seq, completedEventId);
      break;
    case 'StartTimer':
      startTimer(tx, c, completedEventId);
      break;
    case 'CancelTimer':
      cancelTimer(tx, c, completedEventId);
      break;
    case 'RecordMarker':
      tx.append({
        type: 'MarkerRecorded',
        markerName: c.markerName,
        details: c.details,
        ...definedFields({ failure: c.failure, temporalDetails: c.temporalDetails, header: c.header }),
        workflowTaskCompletedEventId: completedEventId,
      });
      break;
    case 'UpsertWorkflowSearchAttributes':
      tx.append({
        type: 'UpsertWorkflowSearchAttributes',
        searchAttributes: c.searchAttributes,
        workflowTaskCompletedEventId: completedEventId,
      });
      Object.assign(tx.searchAttributeTypes, c.searchAttributeTypes);
      {
        const merged = mergeSearchAttributes(tx.state.searchAttributes, c.searchAttributes);
        if (merged) tx.state.searchAttributes = merged;
        else delete tx.state.searchAttributes;
      }
      break;
    case 'ModifyWorkflowProperties':
      modifyProperties(tx, c.upsertedMemo, completedEventId);
      break;
    case 'CompleteWorkflowExecution': {
      const newRunId = nextCronRunId(tx);
      tx.append({
        type: 'WorkflowExecutionCompleted',
        ...(c.result !== undefined ? { result: c.result } : {}),
        workflowTaskCompletedEventId: completedEventId,
        ...(newRunId ? { newExecutionRunId: newRunId } : {}),
      });
      closeRun(tx, { status: 'COMPLETED', ...(c.result !== undefined ? { result: c.result } : {}), ...(newRunId ? { newRunId } : {}) });
      break;
    }
    case 'FailWorkflowExecution':
      failRun(tx, c.failure, completedEventId);
      break;
    case 'CancelWorkflowExecution':
      tx.append({
        type: 'WorkflowExecutionCanceled',
        ...(c.details ? { details: c.details } : {}),
        workflowTaskCompletedEventId: completedEventId,
      });
      closeRun(tx, { status: 'CANCELLED', ...(c.details ? { details: c.details } : {}) });
      break;
    case 'ContinueAsNewWorkflowExecution':
      continueAsNew(tx, c, completedEventId);
      break;
    case 'StartChildWorkflowExecution':
      initiateChild(tx, c, completedEventId);
      break;
    case 'SignalExternalWorkflowExecution':
    case 'RequestCancelExternalWorkflowExecution':
      initiateExternal(tx, c, completedEventId);
      break;
    case 'AcceptWorkflowUpdate':
      acceptUpdate(tx, c, completedEventId);
      break;
    case 'RejectWorkflowUpdate':
      rejectUpdate(tx, c);
      break;
    case 'CompleteWorkflowUpdate':
      completeUpdate(tx, c, completedEventId);
      break;
    default:
      assertNever(c);
  }
}

/** Records a memo upsert and merges it into the run's memo (describe and list read it from the state). */
function modifyProperties(tx: RunTransition, upsertedMemo: Memo, completedEventId: number): void {
  tx.append({ type: 'WorkflowPropertiesModified', upsertedMemo, workflowTaskCompletedEventId: completedEventId });
  const merged = mergeMemo(tx.state.memo, upsertedMemo);
  if (merged) tx.state.memo = merged;
  else delete tx.state.memo;
}

function firingHeldBack(state: RunState, timerId: string): boolean {
  return !!state.bufferedEvents?.some((b) => b.body.type === 'TimerFired' && b.body.timerId === timerId);
}

/** Upserted search attributes over the current ones; an empty list removes an attribute (Temporal's rule). */
export function mergeSearchAttributes(current: SearchAttributes | undefined, upsert: SearchAttributes): SearchAttributes | undefined {
  const merged: SearchAttributes = { ...current };
  for (const [key, values] of Object.entries(upsert)) {
    if (values.length === 0) delete merged[key];
    else merged[key] = values;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}
