// A workflow task's completion: checks its commands, records the completion and hands each command to
// the feature that applies it (commands.ts). The one engine file above the features; none imports it.
import type { Command, SdkMetadata } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { applyCommands, validateCommands } from './commands';
import { terminateRun } from './execution';
import { DEFAULT_RUN_LIMITS, historyLimitReason, pendingLimitProblem, type RunLimits } from './limits';
import type { RunState } from './run-state';
import type { RunTransition } from './transition';
import { failWorkflowTask, scheduleWorkflowTask, serverFailure, stickTo, type LeaseHolder, type StickyQueue } from './workflow-task';

type CompletionHolder = LeaseHolder & {
  /** Where the run's next tasks go first (a Temporal worker's sticky queue; null: anywhere); else to `holder`. */
  sticky?: (StickyQueue & { workerId: string }) | null;
};

/** Completes the started task with its commands, or fails it when they break a rule or the run's limits. */
export function completeWorkflowTask(
  tx: RunTransition,
  commands: readonly Command[],
  holder: CompletionHolder,
  limits: RunLimits = DEFAULT_RUN_LIMITS,
  /** What the completing SDK recorded of itself (Temporal's workers send it), kept on WorkflowTaskCompleted. */
  sdkMetadata?: SdkMetadata,
): void {
  const state = tx.state;
  const wt = state.workflowTask!;
  const problem = validateCommands(state, commands);
  if (problem) {
    failWorkflowTask(tx, 'BAD_COMMAND', serverFailure(problem, true), holder);
    return;
  }
  const tooMany = pendingLimitProblem(state, commands, limits);
  if (tooMany) {
    failWorkflowTask(tx, tooMany.cause, serverFailure(tooMany.message, true), holder);
    return;
  }
  if (wt.speculative && !state.bufferedEvents?.length && commands.every((c) => c.type === 'RejectWorkflowUpdate')) {
    dropSpeculativeTask(tx, commands, holder);
    return;
  }
  const closes = commands.some((c) => isTerminal(c));
  if (closes && state.unseenEvents) {
    // New events arrived while the task ran: the workflow must see them before it may close.
    failWorkflowTask(
      tx,
      'UNHANDLED_COMMAND',
      serverFailure('New events arrived while the workflow task ran; the workflow sees them before it can close.', false),
      holder,
    );
    return;
  }
  // The completion and its commands' events follow the task's Started event; what arrived meanwhile comes after them.
  tx.recordingTask = true;
  const completed = tx.append({
    type: 'WorkflowTaskCompleted',
    scheduledEventId: wt.scheduledEventId,
    startedEventId: wt.startedEventId,
    ...definedFields({ identity: holder.identity || undefined, sdkMetadata }),
  });
  state.lastCompletedStartedEventId = wt.startedEventId;
  stickToCompleter(state, holder);
  // The task counts as running while its commands apply: an event they cause (an activity cancelled
  // before it started closes at once) is then unseen, and a new task follows the command events
  // instead of being scheduled among them.
  applyCommands(tx, commands, completed.eventId);
  tx.recordingTask = false;
  if (state.workflowTask === wt) state.workflowTask = undefined;
  tx.flushBuffered();
  const tooLong = state.status === 'RUNNING' ? historyLimitReason(state, limits) : undefined;
  if (tooLong) {
    terminateRun(tx, { reason: tooLong, identity: 'rewind-server' });
    return;
  }
  const unseen = state.unseenEvents;
  state.unseenEvents = false;
  if (state.status === 'RUNNING' && unseen) scheduleWorkflowTask(tx, 1);
}

/**
 * A speculative task that only rejected updates changed nothing: as on Temporal's server, it leaves no
 * event; its worker is told to go back to the history's last WorkflowTaskStarted. Updates that arrived
 * while it ran get a new speculative task.
 */
function dropSpeculativeTask(tx: RunTransition, rejections: readonly Command[], holder: CompletionHolder): void {
  const state = tx.state;
  applyCommands(tx, rejections, 0);
  state.workflowTask = undefined;
  tx.droppedTaskResetTo = state.lastCompletedStartedEventId;
  stickToCompleter(state, holder);
  const unseen = state.unseenEvents;
  state.unseenEvents = false;
  if (unseen) scheduleWorkflowTask(tx, 1, true);
}

/** The run's next tasks go first to the worker that completed this one (or where it asked). */
function stickToCompleter(state: RunState, holder: CompletionHolder): void {
  if (holder.sticky === undefined) stickTo(state, holder.workerId);
  else stickTo(state, holder.sticky?.workerId, holder.sticky ?? undefined);
}

function isTerminal(c: Command): boolean {
  return (
    c.type === 'CompleteWorkflowExecution' ||
    c.type === 'FailWorkflowExecution' ||
    c.type === 'CancelWorkflowExecution' ||
    c.type === 'ContinueAsNewWorkflowExecution'
  );
}
