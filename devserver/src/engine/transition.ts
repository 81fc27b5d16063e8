// One change to one run: the state being changed, the clock, and the events appended so far.
// Engine functions take a transition, change its state and append events; they do no I/O.
import { randomUUID } from 'node:crypto';
import type {
  ActivityCancelReason,
  Header,
  HistoryEvent,
  HistoryEventBody,
  Payload,
  SearchAttributeTypes,
  WorkflowOutcome,
} from '@rewind/sdk/protocol';
import type { ParentRef, RunState } from './run-state';
import type { StartRunParams } from './start-run-params';

/**
 * What a change to one run asks of other runs (the service applies these in the same transaction):
 * start a child, tell a parent how its child ended, signal or cancel another workflow, close children.
 */
export type RunEffect =
  | { type: 'startChild'; parentRunId: string; initiatedEventId: number; start: StartRunParams; reusePolicy?: string }
  | { type: 'notifyParent'; parent: ParentRef; childWorkflowId: string; childRunId: string; outcome: WorkflowOutcome }
  | {
      type: 'signalExternal';
      senderRunId: string;
      initiatedEventId: number;
      namespace: string;
      workflowId: string;
      runId?: string;
      childWorkflowOnly: boolean;
      signalName: string;
      args: Payload[];
      header?: Header;
    }
  | {
      type: 'cancelExternal';
      senderRunId: string;
      initiatedEventId: number;
      namespace: string;
      workflowId: string;
      runId?: string;
      childWorkflowOnly: boolean;
    }
  | { type: 'closeChild'; runId: string; policy: 'TERMINATE' | 'REQUEST_CANCEL'; parentWorkflowId: string };

/** A running activity whose worker should be told to stop (its workflow closed or cancelled it). */
export interface ActivityCancelNotice {
  workerId: string;
  taskToken: string;
  reason: ActivityCancelReason;
}

export class RunTransition {
  readonly events: HistoryEvent[] = [];
  /**
   * The JSON of each event this change appended, made once: the history's size counts its bytes, and the
   * store writes it as it is (an event is never changed once appended: {@link replaceEvent} puts a new one).
   */
  readonly eventTexts = new Map<HistoryEvent, string>();
  readonly activityCancels: ActivityCancelNotice[] = [];
  /** Set when this change closed the run. */
  closed?: WorkflowOutcome;
  /** Runs this change starts (continue-as-new), persisted with it. */
  readonly spawned: RunTransition[] = [];
  /** What this change asks of other runs. */
  readonly effects: RunEffect[] = [];
  /**
   * Set when this change dropped a speculative workflow task (it only rejected updates): the id of the
   * history's last WorkflowTaskStarted, which its worker goes back to (Temporal's resetHistoryEventId).
   */
  droppedTaskResetTo?: number;
  /** Updates that were accepted or finished by this change (their callers are answered after the commit). */
  readonly updateNotices: string[] = [];
  /**
   * The types that this change's search attributes came with (a typed start or upsert), by name: the
   * namespace registers them for the attributes it has no type for yet, as the change is persisted.
   */
  readonly searchAttributeTypes: SearchAttributeTypes = {};

  constructor(
    readonly state: RunState,
    readonly now: number,
    /** Makes run ids (injected so that tests may make predictable ones). */
    readonly newId: () => string = randomUUID,
  ) {}

  /**
   * Set while a workflow task's own outcome and its commands' events are recorded: those follow its
   * WorkflowTaskStarted; anything else that arrives while the task runs is held back (bufferedEvents).
   */
  recordingTask = false;

  /**
   * Appends an event, or holds it back while a workflow task runs (its id is then provisional, and
   * `flushBuffered` appends it after the task's outcome). A run that closes outside a task (terminated,
   * timed out) first appends what was held back.
   */
  append(body: HistoryEventBody, time: number = this.now): HistoryEvent {
    if (this.holdsBack(body)) return this.buffer(body, time);
    if (RUN_CLOSING.has(body.type)) this.flushBuffered();
    return this.appendNow(body, time);
  }

  /** Appends what was held back while the task ran, with real ids (and the references to them made real). */
  flushBuffered(): void {
    const buffered = this.state.bufferedEvents;
    if (!buffered?.length) return;
    delete this.state.bufferedEvents;
    const ids = new Map<number, number>();
    for (const b of buffered) ids.set(b.provisionalId, this.appendNow(withRealIds(b.body, ids), b.time).eventId);
    for (const child of Object.values(this.state.children)) {
      if (child.startedEventId !== undefined && child.startedEventId < 0) child.startedEventId = ids.get(child.startedEventId);
    }
  }

  /**
   * Puts `event` (the same id, more said) in place of the one appended at `index` of {@link events}, and
   * counts its bytes instead of the old one's: the history's size is what the store keeps.
   */
  replaceEvent(index: number, event: HistoryEvent): void {
    const old = this.events[index];
    if (!old || old.eventId !== event.eventId) throw new Error(`No event ${event.eventId} at ${index} to replace: a bug.`);
    const oldText = this.eventTexts.get(old) ?? JSON.stringify(old);
    this.eventTexts.delete(old);
    this.events[index] = event;
    const text = this.textOf(event);
    if (this.state.historySizeBytes !== undefined) {
      this.state.historySizeBytes += Buffer.byteLength(text, 'utf8') - Buffer.byteLength(oldText, 'utf8');
    }
  }

  private holdsBack(body: HistoryEventBody): boolean {
    return (
      this.state.workflowTask?.status === 'started' && !this.recordingTask && !TASK_OUTCOME.has(body.type) && !RUN_CLOSING.has(body.type)
    );
  }

  private buffer(body: HistoryEventBody, time: number): HistoryEvent {
    const buffered = (this.state.bufferedEvents ??= []);
    const provisionalId = -(buffered.length + 1);
    buffered.push({ body, time, provisionalId });
    return { eventId: provisionalId, eventTime: new Date(time).toISOString(), ...body } as HistoryEvent;
  }

  private appendNow(body: HistoryEventBody, time: number): HistoryEvent {
    const speculative = this.state.workflowTask?.speculative;
    if (speculative) this.writeSpeculative(speculative);
    return this.appendEvent({ eventId: this.state.nextEventId, eventTime: new Date(time).toISOString(), ...body } as HistoryEvent);
  }

  /**
   * A speculative workflow task's events go into history before anything else does, with the ids its
   * worker was given: the task is an ordinary one from then on.
   */
  private writeSpeculative(speculative: { scheduled: HistoryEvent; started?: HistoryEvent }): void {
    delete this.state.workflowTask!.speculative;
    for (const event of speculative.started ? [speculative.scheduled, speculative.started] : [speculative.scheduled]) {
      if (event.eventId !== this.state.nextEventId) {
        throw new Error(`Speculative workflow task event ${event.eventId} is not the next event (${this.state.nextEventId}): a bug.`);
      }
      this.appendEvent(event);
    }
  }

  private appendEvent(event: HistoryEvent): HistoryEvent {
    this.state.nextEventId++;
    const text = this.textOf(event);
    if (this.state.historySizeBytes !== undefined) this.state.historySizeBytes += Buffer.byteLength(text, 'utf8');
    this.events.push(event);
    return event;
  }

  /** The event's JSON, as the store keeps it (what run-state.ts's `eventBytes` measures), remembered for the store. */
  private textOf(event: HistoryEvent): string {
    const text = JSON.stringify(event);
    this.eventTexts.set(event, text);
    return text;
  }
}

/** A workflow task's own outcome: it follows the task's Started event, never held back. */
const TASK_OUTCOME: ReadonlySet<HistoryEventBody['type']> = new Set([
  'WorkflowTaskCompleted',
  'WorkflowTaskFailed',
  'WorkflowTaskTimedOut',
]);

/** Events that close a run from outside a workflow task. */
const RUN_CLOSING: ReadonlySet<HistoryEventBody['type']> = new Set(['WorkflowExecutionTerminated', 'WorkflowExecutionTimedOut']);

/** A held-back event with its references to other held-back events (negative ids) made real. */
function withRealIds(body: HistoryEventBody, ids: ReadonlyMap<number, number>): HistoryEventBody {
  const out: Record<string, unknown> = { ...body };
  for (const [key, value] of Object.entries(out)) {
    if (key.endsWith('EventId') && typeof value === 'number' && value < 0) out[key] = ids.get(value) ?? value;
  }
  return out as unknown as HistoryEventBody;
}

/** A request that the engine refuses; the message says why (sent back to the caller as-is). */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly status: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'FAILED_PRECONDITION' | 'ALREADY_EXISTS',
    message: string,
    /** The error class a client should raise (WorkflowNotFoundError, …), when there is one. */
    readonly errorName?: string,
    /** For a start refused because the workflow id is taken: the run that has it, and the request that started it. */
    readonly alreadyStarted?: { runId: string; startRequestId: string },
  ) {
    super(message);
  }
}
