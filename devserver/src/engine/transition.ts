// One change to one run: the state being changed, the clock, and the events appended so far.
// Engine functions take a transition, change its state and append events; they do no I/O.
import { randomUUID } from 'node:crypto';
import type { HistoryEvent, HistoryEventBody, Payload, WorkflowOutcome } from '@rewind/sdk/protocol';
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
}

export class RunTransition {
  readonly events: HistoryEvent[] = [];
  readonly activityCancels: ActivityCancelNotice[] = [];
  /** Set when this change closed the run. */
  closed?: WorkflowOutcome;
  /** Runs this change starts (continue-as-new), persisted with it. */
  readonly spawned: RunTransition[] = [];
  /** What this change asks of other runs. */
  readonly effects: RunEffect[] = [];
  /** Updates that were accepted or finished by this change (their callers are answered after the commit). */
  readonly updateNotices: string[] = [];

  constructor(
    readonly state: RunState,
    readonly now: number,
    /** Makes run ids (injected so that tests may make predictable ones). */
    readonly newId: () => string = randomUUID,
  ) {}

  append(body: HistoryEventBody, time: number = this.now): HistoryEvent {
    const event = { eventId: this.state.nextEventId++, eventTime: new Date(time).toISOString(), ...body } as HistoryEvent;
    this.events.push(event);
    return event;
  }
}

/** A request that the engine refuses; the message says why (sent back to the caller as-is). */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly status: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'FAILED_PRECONDITION' | 'ALREADY_EXISTS',
    message: string,
    /** The error class a client should raise (WorkflowNotFoundError, …), when there is one. */
    readonly errorName?: string,
  ) {
    super(message);
  }
}
