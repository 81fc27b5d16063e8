// The replay check: the commands the code issues for a task must be, in order, the ones its history
// holds. A mismatch becomes a DeterminismViolationError that names the event, both sides, the source
// line that issued the command, and what to do.
import { REWIND_SDK_VERSION, type UnknownFlag } from '../../workflow/flags';
import { DeterminismViolationError } from '../../common/errors';
import { formatMs } from '../../common/duration';
import { assertNever } from '../../common/type-helpers';
import type { Command, HistoryEvent, Payload } from '../../protocol';
import { patchOfMarker } from '../../protocol/commands';
import { CHANGE_VERSION_ATTRIBUTE } from '../../workflow/change-version';
import { localActivityOfMarker } from '../../protocol/local-activities';
import { formatLocation, type SourceLocation } from '../sandbox/source-map';

export interface Mismatch {
  /** Index of the command (and event) in the task. */
  index: number;
  command?: Command;
  event?: HistoryEvent;
}

export function describeCommand(c: Command): string {
  switch (c.type) {
    case 'ScheduleActivityTask':
      return `ScheduleActivityTask(${c.activityType})`;
    case 'RequestCancelActivityTask':
      return `RequestCancelActivityTask(activity #${c.seq})`;
    case 'StartTimer':
      return `StartTimer(${formatMs(c.startToFireTimeoutMs)})`;
    case 'CancelTimer':
      return `CancelTimer(timer #${c.seq})`;
    case 'RecordMarker':
      return `RecordMarker(${describeMarker(c.markerName, c.details)})`;
    case 'UpsertWorkflowSearchAttributes':
      return `UpsertWorkflowSearchAttributes(${Object.keys(c.searchAttributes).join(', ')})`;
    case 'ModifyWorkflowProperties':
      return `ModifyWorkflowProperties(memo ${Object.keys(c.upsertedMemo).join(', ')})`;
    case 'StartChildWorkflowExecution':
      return `StartChildWorkflowExecution(${c.workflowType}, ${c.workflowId})`;
    case 'SignalExternalWorkflowExecution':
      return `SignalExternalWorkflowExecution(${c.signalName} to ${c.workflowId})`;
    case 'RequestCancelExternalWorkflowExecution':
      return `RequestCancelExternalWorkflowExecution(${c.workflowId})`;
    case 'AcceptWorkflowUpdate':
      return `AcceptWorkflowUpdate(${c.updateId})`;
    case 'RejectWorkflowUpdate':
      return `RejectWorkflowUpdate(${c.updateId})`;
    case 'CompleteWorkflowUpdate':
      return `CompleteWorkflowUpdate(${c.updateId})`;
    case 'CompleteWorkflowExecution':
      return 'CompleteWorkflowExecution';
    case 'FailWorkflowExecution':
      return 'FailWorkflowExecution';
    case 'CancelWorkflowExecution':
      return 'CancelWorkflowExecution';
    case 'ContinueAsNewWorkflowExecution':
      return `ContinueAsNewWorkflowExecution(${c.workflowType})`;
    default:
      return assertNever(c);
  }
}

export function describeEvent(e: HistoryEvent): string {
  switch (e.type) {
    case 'ActivityTaskScheduled':
      return `ActivityTaskScheduled(${e.activityType})`;
    case 'StartChildWorkflowExecutionInitiated':
      return `StartChildWorkflowExecutionInitiated(${e.workflowType}, ${e.workflowId})`;
    case 'SignalExternalWorkflowExecutionInitiated':
      return `SignalExternalWorkflowExecutionInitiated(${e.signalName} to ${e.workflowId})`;
    case 'TimerStarted':
      return `TimerStarted(${formatMs(e.startToFireTimeoutMs)})`;
    case 'MarkerRecorded':
      return `MarkerRecorded(${describeMarker(e.markerName, e.details)})`;
    case 'WorkflowExecutionUpdateAccepted':
      return `WorkflowExecutionUpdateAccepted(${e.name}, ${e.updateId})`;
    case 'WorkflowExecutionUpdateCompleted':
      return `WorkflowExecutionUpdateCompleted(${e.updateId})`;
    default:
      return e.type;
  }
}

/** Whether a command is the one that produced an event (its kind and identity; not its arguments). */
export function commandMatches(c: Command, e: HistoryEvent, activitySeq: (scheduledEventId: number) => number | undefined): boolean {
  switch (c.type) {
    case 'ScheduleActivityTask':
      return e.type === 'ActivityTaskScheduled' && e.activityType === c.activityType && e.activityId === c.activityId;
    case 'RequestCancelActivityTask':
      return e.type === 'ActivityTaskCancelRequested' && activitySeq(e.scheduledEventId) === c.seq;
    case 'StartTimer':
      return e.type === 'TimerStarted' && e.timerId === String(c.seq);
    case 'CancelTimer':
      return e.type === 'TimerCanceled' && e.timerId === String(c.seq);
    case 'RecordMarker':
      return (
        e.type === 'MarkerRecorded' &&
        e.markerName === c.markerName &&
        markerKey(e.markerName, e.details) === markerKey(c.markerName, c.details)
      );
    case 'UpsertWorkflowSearchAttributes':
      return e.type === 'UpsertWorkflowSearchAttributes';
    case 'ModifyWorkflowProperties':
      return e.type === 'WorkflowPropertiesModified';
    case 'StartChildWorkflowExecution':
      return e.type === 'StartChildWorkflowExecutionInitiated' && e.workflowType === c.workflowType && e.workflowId === c.workflowId;
    // By kind alone, as Temporal's core matches them: a changed signal name or target replays there.
    case 'SignalExternalWorkflowExecution':
      return e.type === 'SignalExternalWorkflowExecutionInitiated';
    case 'RequestCancelExternalWorkflowExecution':
      return e.type === 'RequestCancelExternalWorkflowExecutionInitiated';
    case 'AcceptWorkflowUpdate':
      return e.type === 'WorkflowExecutionUpdateAccepted' && e.updateId === c.updateId;
    case 'RejectWorkflowUpdate':
      return false; // Leaves no event (see recordsNothing).
    case 'CompleteWorkflowUpdate':
      return e.type === 'WorkflowExecutionUpdateCompleted' && e.updateId === c.updateId;
    case 'CompleteWorkflowExecution':
      return e.type === 'WorkflowExecutionCompleted';
    case 'FailWorkflowExecution':
      return e.type === 'WorkflowExecutionFailed';
    case 'CancelWorkflowExecution':
      return e.type === 'WorkflowExecutionCanceled';
    case 'ContinueAsNewWorkflowExecution':
      return e.type === 'WorkflowExecutionContinuedAsNew';
    default:
      return assertNever(c);
  }
}

/** What names a marker: a patch by its id, a local activity by its seq and type. */
function markerKey(name: string, details: Record<string, Payload>): string {
  const patch = patchOfMarker(name, details);
  if (patch) return `patch ${patch.patchId}`;
  const la = localActivityOfMarker(name, details);
  return la ? `local activity ${la.seq} ${la.activityType}` : name;
}

function describeMarker(name: string, details: Record<string, Payload>): string {
  const patch = patchOfMarker(name, details);
  if (patch) return `patch '${patch.patchId}'`;
  const la = localActivityOfMarker(name, details);
  return la ? `local activity ${la.activityType}` : name;
}

/** A command that history does not record: rejecting an update (the validator refused it). */
function recordsNothing(c: Command): boolean {
  return c.type === 'RejectWorkflowUpdate';
}

/** A marker of a deprecated patch: code that no longer calls deprecatePatch may skip it (Temporal's rule). */
function isDeprecatedPatch(e: HistoryEvent): boolean {
  return e.type === 'MarkerRecorded' && patchOfMarker(e.markerName, e.details)?.deprecated === true;
}

/**
 * How many events a skipped deprecated patch marker at `events[i]` spans: the marker, and the upsert of
 * TemporalChangeVersion after it if there is one (sdk-core's `skip_one_or_two_events`). Otherwise that
 * upsert is a command event of its own, matched by the upsert the runtime issues after the marker
 * (core flag 2, change-version.ts).
 */
function skippedSpan(events: readonly HistoryEvent[], i: number): number {
  const next = events[i + 1];
  return next?.type === 'UpsertWorkflowSearchAttributes' && CHANGE_VERSION_ATTRIBUTE in next.searchAttributes ? 2 : 1;
}

/** How commands are told apart from their events (sdk-core's CoreInternalFlags 1 gates the id and type checks). */
export interface MatchRules {
  /** The workflow's seq of an activity, by its scheduled event id (for cancel requests). */
  activitySeq: (scheduledEventId: number) => number | undefined;
  /** Whether an activity's or a child's id and type must be the recorded ones (else its kind alone matches). */
  idAndTypeChecks?: boolean;
}

/** What matching a queue of commands against a task's command events found. */
export interface QueueMatch {
  /** The event each command of the queue produced (by index; none for one left unmatched or recording nothing). */
  paired: (HistoryEvent | undefined)[];
  /** How many commands of the queue the events used up: those after are still waiting for theirs. */
  consumed: number;
  mismatch?: Mismatch;
}

/**
 * Matches the events of one task, in order, against the commands the code issued that no event has
 * matched yet (`queue`: those of earlier tasks left over, then this task's), as Temporal's core does
 * (workflow_machines.rs `handle_command_event`): each event takes the next command; an event finds no
 * command, or one of another kind, is the mismatch, at that event. Commands left when the events run out
 * wait for the events of later tasks (code that issues a command one task early is refused where the
 * history's own command for it finds none).
 */
export function matchQueue(queue: readonly Command[], events: readonly HistoryEvent[], rules: MatchRules): QueueMatch {
  const matches = (c: Command, e: HistoryEvent): boolean =>
    commandMatches(c, e, rules.activitySeq) || (rules.idAndTypeChecks === false && sameKind(c, e));
  const paired: (HistoryEvent | undefined)[] = [];
  let c = 0;
  for (let e = 0; e < events.length; c++, e++) {
    while (queue[c] && recordsNothing(queue[c]!)) paired[c++] = undefined;
    const command = queue[c];
    while (events[e] && isDeprecatedPatch(events[e]!) && !(command && matches(command, events[e]!))) e += skippedSpan(events, e);
    const event = events[e];
    if (!event) break;
    if (!command || !matches(command, event))
      return { paired, consumed: c, mismatch: { index: c, ...(command ? { command } : {}), event } };
    paired[c] = event;
  }
  while (queue[c] && recordsNothing(queue[c]!)) paired[c++] = undefined;
  return { paired, consumed: c };
}

/** An activity or a child by its kind alone (a history recorded without sdk-core's IdAndTypeDeterminismChecks). */
function sameKind(c: Command, e: HistoryEvent): boolean {
  return (
    (c.type === 'ScheduleActivityTask' && e.type === 'ActivityTaskScheduled') ||
    (c.type === 'StartChildWorkflowExecution' && e.type === 'StartChildWorkflowExecutionInitiated')
  );
}

/**
 * The first difference between the commands a live task sent and the events the server recorded for
 * them: every command must have its event, in order (a task's own commands, nothing carried over).
 */
export function findMismatch(
  commands: readonly Command[],
  events: readonly HistoryEvent[],
  activitySeq: (scheduledEventId: number) => number | undefined,
): Mismatch | undefined {
  const m = matchQueue(commands, events, { activitySeq });
  if (m.mismatch) return m.mismatch;
  return m.consumed < commands.length ? { index: m.consumed, command: commands[m.consumed]! } : undefined;
}

/**
 * The command event each of `commands` produced (by index; none for a command history does not
 * record), deprecated patch markers they skip (with their TemporalChangeVersion upserts) left out.
 */
export function pairCommands(commands: readonly Command[], events: readonly HistoryEvent[]): (HistoryEvent | undefined)[] {
  const paired: (HistoryEvent | undefined)[] = [];
  let e = 0;
  for (const command of commands) {
    if (recordsNothing(command)) {
      paired.push(undefined);
      continue;
    }
    while (
      events[e] &&
      isDeprecatedPatch(events[e]!) &&
      !(command.type === 'RecordMarker' && commandMatches(command, events[e]!, () => undefined))
    )
      e += skippedSpan(events, e);
    paired.push(events[e++]);
  }
  return paired;
}

export interface MismatchContext {
  workflowId: string;
  workflowType: string;
  /** The last event of the task, when history has no event at the mismatch. */
  taskStartedEventId: number;
  /** Where the code issued the mismatching command, if it issued one. */
  location?: SourceLocation;
  /**
   * When the event finds no command: the code's last command, if an event of a later task than its own
   * took it (the code issued it early; the message says so and points at its line).
   */
  matchedLate?: { command: Command; eventId: number; location?: SourceLocation };
}

/** What to do about a mismatch at `event` (the history side): keep a patch, or patch / revert the change. */
export function mismatchAdvice(event: HistoryEvent | undefined): string {
  const patch = event?.type === 'MarkerRecorded' ? patchOfMarker(event.markerName, event.details) : undefined;
  return patch
    ? `This run took the patched('${patch.patchId}') branch, and the code no longer calls patched('${patch.patchId}') there: ` +
        `keep that call (or deprecatePatch('${patch.patchId}')) until no run that recorded the patch is open.`
    : `If you changed the workflow on purpose, keep the old path for running workflows with patched('your-change-id'); otherwise revert the change.`;
}

/** An upsert of TemporalChangeVersion alone: the one the runtime issues after a patch's marker (core flag 2). */
function isChangeVersionUpsert(c: Command | undefined): boolean {
  return c?.type === 'UpsertWorkflowSearchAttributes' && Object.keys(c.searchAttributes).join() === CHANGE_VERSION_ATTRIBUTE;
}

/** What a worker does with a run its code cannot replay (the last sentence of the mismatch's message). */
export const WAITS_FOR_MATCHING_CODE = 'The workflow waits (it is not failed) until code that matches its history runs.';

/** The error for a mismatch; its message is what a user reads in the log, the CLI and the debugger. */
export function determinismError(m: Mismatch, ctx: MismatchContext): DeterminismViolationError {
  const where = m.command ? ` at ${formatLocation(ctx.location)}` : '';
  const eventId = m.event?.eventId ?? ctx.taskStartedEventId;
  const holds = m.event ? `history holds ${describeEvent(m.event)}` : 'history holds no further command for this workflow task';
  const late = !m.command ? ctx.matchedLate : undefined;
  const issued = m.command
    ? `the code issued ${describeCommand(m.command)}${where}`
    : late
      ? `the code issued nothing more: its last command, ${describeCommand(late.command)} at ${formatLocation(late.location)}, ` +
        `went to event ${late.eventId}, a workflow task later than the code issued it (commands match history's in order, across tasks)`
      : 'the code issued nothing';
  const location = m.command ? ctx.location : late?.location;
  const advice = isChangeVersionUpsert(m.command)
    ? `The runtime issues that upsert after a patch's marker because the history recorded sdk-core's flag 2 ` +
      `(UpsertSearchAttributeOnPatch), as Temporal's core does; this history lacks it there (was the history edited?).`
    : mismatchAdvice(m.event);
  const err = new DeterminismViolationError(
    `Workflow ${ctx.workflowId} (${ctx.workflowType}) is not deterministic at event ${eventId}: ${holds}, but ${issued}. ` +
      `${advice} ${WAITS_FOR_MATCHING_CODE}`,
  );
  Object.assign(err, { eventId, location, expected: m.event, issued: m.command });
  return err;
}

/**
 * The error for a history whose task recorded a flag this runtime does not know (a newer SDK's behaviour):
 * replaying it with today's behaviours could decide otherwise than it did, so it is refused, as Temporal's
 * SDK refuses an unknown flag, at the completion that recorded it.
 */
export function unknownFlagError(
  flag: UnknownFlag,
  eventId: number,
  run: { workflowId: string; workflowType: string },
): DeterminismViolationError {
  const err = new DeterminismViolationError(
    `Workflow ${run.workflowId} (${run.workflowType}) cannot be replayed from event ${eventId}: its history was recorded by ` +
      `${flag.recordedBy}, which used ${flag.kind} flag ${flag.id}, a versioned behaviour that @rewind/sdk ${REWIND_SDK_VERSION} ` +
      "does not know, so a replay could decide otherwise than the run did (Temporal's SDK refuses an unknown flag too). " +
      'Replay it with a @rewind/sdk that knows the flag (or the SDK that recorded it). ' +
      WAITS_FOR_MATCHING_CODE,
  );
  Object.assign(err, { eventId });
  return err;
}
