// Reads a run's history, in one go or in pieces as tasks arrive, and cuts it into workflow tasks:
// for each, the jobs the workflow must see (events before the task started) and, for tasks that
// completed, the events their commands produced. The same reader serves live tasks, full replays
// and the replay debugger, so all three see the same activations.
//
// It is a generator: the executor runs each task before the reader reads on, because the workflow's
// seq number of an activity is learnt from the command that scheduled it (`bindActivity`), as
// Temporal's core does. Counting events would not do: a command can be issued and withdrawn in the
// same task (an activity cancelled at once), using up a seq number that no event records.
import type { ActivationJob, HistoryEvent, SdkMetadata, UpdateRequest, WorkflowStartInfo } from '../../protocol';
import { patchOfMarker } from '../../protocol/commands';
import { COMMAND_EVENT_TYPES } from '../../protocol/history';
import { definedFields } from '../../common/defined-fields';
import { IllegalStateError } from '../../common/errors';
import { isResolvingEvent, resolutionJob, type ActivityRef, type CommandLookups } from './resolution-jobs';
import { seedFromRunId, temporalSeedBytes } from './randomness-seed';

export interface RunIdentity {
  namespace: string;
  workflowId: string;
  runId: string;
}

export type ReaderOutput =
  /** A task to run: historical (`commandEvents` known: replay and compare) or live (run and send). */
  | {
      type: 'task';
      startedEventId: number;
      timestamp: number;
      historyLength: number;
      /** The history's size in bytes when the task started (0: unknown). */
      historySizeBytes: number;
      /** Whether the server suggested continuing as new when the task started (absent: the history does not say). */
      continueAsNewSuggested?: boolean;
      jobs: ActivationJob[];
      /** Events for each job, in the same order (the debugger shows them). */
      jobEventIds: number[];
      commandEvents?: HistoryEvent[];
      /** What the task's completion recorded of its SDK (flags, name, version): the replay follows it. */
      sdkMetadata?: SdkMetadata;
    }
  /** The events produced by the commands of the task that was last run live. */
  | { type: 'confirm'; startedEventId: number; commandEvents: HistoryEvent[] }
  /** The task that was last run live did not count (it failed or timed out): start over. */
  | { type: 'lost'; startedEventId: number };

/** A history that is not one (gaps, unknown references): the run cannot be replayed from it. */
export class MalformedHistoryError extends Error {
  override readonly name = 'MalformedHistoryError';
}

export class HistoryReader {
  private readonly activities = new Map<number, ActivityRef>();
  /** The workflow's seq of each activity, by scheduled event id, learnt from matched commands. */
  private readonly activitySeqs = new Map<number, number>();
  /** The same for children, signals and cancel requests to other workflows, by initiated event id. */
  private readonly initiatedSeqs = {
    child: new Map<number, number>(),
    signal: new Map<number, number>(),
    cancel: new Map<number, number>(),
  };
  private readonly childTypes = new Map<number, { workflowType: string; namespace: string }>();
  private pending: { job: ActivationJob; eventId: number }[] = [];
  private lastEventId = 0;
  private live: { startedEventId: number; pending: { job: ActivationJob; eventId: number }[] } | undefined;
  private liveUpdates: readonly UpdateRequest[] = [];

  /** What resolving events need to know of the commands they answer. */
  private readonly lookups: CommandLookups;

  constructor(private readonly run: RunIdentity) {
    this.lookups = {
      namespace: this.run.namespace,
      activitySeq: (scheduledEventId) => {
        const seq = this.activitySeqs.get(scheduledEventId);
        if (seq !== undefined) return seq;
        throw new MalformedHistoryError(
          `History resolves activity event ${scheduledEventId}, which no command of this workflow scheduled.`,
        );
      },
      activity: (scheduledEventId) => {
        const a = this.activities.get(scheduledEventId);
        if (a) return a;
        throw new MalformedHistoryError(
          `History refers to activity event ${scheduledEventId}, which is not an ActivityTaskScheduled event.`,
        );
      },
      initiatedSeq: (kind, initiatedEventId) => {
        const seq = this.initiatedSeqs[kind].get(initiatedEventId);
        if (seq !== undefined) return seq;
        throw new MalformedHistoryError(`History resolves event ${initiatedEventId}, which no command of this workflow issued.`);
      },
      childType: (initiatedEventId) => this.childTypes.get(initiatedEventId),
    };
  }

  /** The id of the last event read. */
  get position(): number {
    return this.lastEventId;
  }

  /** The workflow's seq number of an activity, by its scheduled event id. */
  activitySeq(scheduledEventId: number): number | undefined {
    return this.activitySeqs.get(scheduledEventId);
  }

  /** Records that the command with this seq produced the ActivityTaskScheduled event `scheduledEventId`. */
  bindActivity(scheduledEventId: number, seq: number): void {
    this.activitySeqs.set(scheduledEventId, seq);
  }

  /** The same for a child workflow, a signal or a cancel request sent to another workflow. */
  bindInitiated(kind: 'child' | 'signal' | 'cancel', initiatedEventId: number, seq: number): void {
    this.initiatedSeqs[kind].set(initiatedEventId, seq);
  }

  /**
   * Reads events, yielding each task (and outcome of a live task) as soon as it is complete. The live
   * task, if the events end with one, carries `updates` (requested updates are not in history).
   */
  *read(events: readonly HistoryEvent[], updates: readonly UpdateRequest[] = []): Generator<ReaderOutput, void, undefined> {
    this.liveUpdates = updates;
    const out: ReaderOutput[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.eventId !== this.lastEventId + 1) {
        throw new MalformedHistoryError(`History of ${this.run.workflowId} jumps from event ${this.lastEventId} to ${e.eventId}.`);
      }
      this.lastEventId = e.eventId;
      this.readEvent(e, events, i, out);
      while (out.length > 0) yield out.shift()!;
    }
  }

  private push(job: ActivationJob, eventId: number): void {
    this.pending.push({ job, eventId });
  }

  private readEvent(e: HistoryEvent, events: readonly HistoryEvent[], i: number, out: ReaderOutput[]): void {
    if (isResolvingEvent(e)) {
      this.push(resolutionJob(e, this.lookups), e.eventId);
      return;
    }
    switch (e.type) {
      case 'WorkflowExecutionStarted': {
        const info: WorkflowStartInfo = {
          ...this.run,
          workflowType: e.workflowType,
          taskQueue: e.taskQueue,
          firstExecutionRunId: e.firstExecutionRunId,
          // Histories from before the event held it: the run's own id (what it was created with, unless reset).
          originalExecutionRunId: e.originalExecutionRunId ?? this.run.runId,
          attempt: e.attempt,
          startTime: Date.parse(e.eventTime),
          workflowTaskTimeoutMs: e.workflowTaskTimeoutMs,
          // An empty string is no value, a timeout of 0 none.
          ...definedFields({
            continuedFromExecutionRunId: e.continuedExecutionRunId || undefined,
            cronSchedule: e.cronSchedule || undefined,
            lastCompletionResult: e.lastCompletionResult,
            lastFailure: e.continuedFailure,
            workflowExecutionTimeoutMs: e.workflowExecutionTimeoutMs || undefined,
            workflowRunTimeoutMs: e.workflowRunTimeoutMs || undefined,
            memo: e.memo,
            searchAttributes: e.searchAttributes,
            parent: e.parent && { namespace: e.parent.namespace, workflowId: e.parent.workflowId, runId: e.parent.runId },
          }),
        };
        this.push(
          {
            type: 'InitializeWorkflow',
            info,
            args: e.input,
            // Both seeds come from the run id the run was created with (a reset keeps it): sdk-core's.
            randomnessSeed: seedFromRunId(e.originalExecutionRunId ?? this.run.runId),
            aleaSeed: temporalSeedBytes(e.originalExecutionRunId ?? this.run.runId),
            ...(e.header ? { headers: e.header } : {}),
          },
          e.eventId,
        );
        break;
      }
      case 'WorkflowTaskStarted':
        this.taskStarted(e, events, i, out);
        break;
      case 'WorkflowTaskCompleted':
        if (this.live?.startedEventId === e.startedEventId) {
          out.push({ type: 'confirm', startedEventId: e.startedEventId, commandEvents: commandEventsAfter(events, i) });
          this.live = undefined;
        }
        break;
      case 'WorkflowTaskFailed':
      case 'WorkflowTaskTimedOut':
        // A reset: the new run draws from a seed of its own id from here on (sdk-core's UpdateRandomSeed).
        if (e.type === 'WorkflowTaskFailed' && e.cause === 'RESET_WORKFLOW' && e.newRunId !== undefined) {
          this.push({ type: 'UpdateRandomSeed', aleaSeed: temporalSeedBytes(e.newRunId) }, e.eventId);
        }
        if (this.live?.startedEventId === e.startedEventId) {
          // The task we ran did not count: its jobs go to the next one, before anything newer.
          this.pending = [...this.live.pending, ...this.pending];
          this.live = undefined;
          out.push({ type: 'lost', startedEventId: e.startedEventId });
        }
        break;
      case 'ActivityTaskScheduled':
        this.activities.set(e.eventId, { activityType: e.activityType, activityId: e.activityId });
        break;
      case 'TimerFired':
        this.push({ type: 'FireTimer', seq: Number(e.timerId) }, e.eventId);
        break;
      case 'WorkflowExecutionSignaled':
        this.push(
          {
            type: 'SignalWorkflow',
            signalName: e.signalName,
            args: e.input,
            ...(e.identity ? { identity: e.identity } : {}),
            ...(e.header ? { headers: e.header } : {}),
          },
          e.eventId,
        );
        break;
      case 'WorkflowExecutionCancelRequested':
        this.push({ type: 'CancelWorkflow', ...(e.cause ? { reason: e.cause } : {}) }, e.eventId);
        break;
      case 'StartChildWorkflowExecutionInitiated':
        this.childTypes.set(e.eventId, { workflowType: e.workflowType, namespace: this.run.namespace });
        break;
      case 'SignalExternalWorkflowExecutionInitiated':
      case 'RequestCancelExternalWorkflowExecutionInitiated':
      case 'WorkflowTaskScheduled':
      case 'ActivityTaskStarted':
      case 'ActivityTaskCancelRequested':
      case 'TimerStarted':
      case 'TimerCanceled':
      case 'MarkerRecorded':
      case 'UpsertWorkflowSearchAttributes':
      case 'WorkflowPropertiesModified':
      case 'WorkflowExecutionUpdateAccepted':
      case 'WorkflowExecutionUpdateCompleted':
      case 'WorkflowExecutionCompleted':
      case 'WorkflowExecutionFailed':
      case 'WorkflowExecutionTimedOut':
      case 'WorkflowExecutionCanceled':
      case 'WorkflowExecutionTerminated':
      case 'WorkflowExecutionContinuedAsNew':
        break;
      default: {
        const unknown: never = e;
        throw new MalformedHistoryError(`Unknown history event type ${JSON.stringify((unknown as { type: string }).type)}.`);
      }
    }
  }

  private taskStarted(
    e: HistoryEvent & { type: 'WorkflowTaskStarted' },
    events: readonly HistoryEvent[],
    i: number,
    out: ReaderOutput[],
  ): void {
    let outcome: HistoryEvent | undefined;
    let outcomeIndex = -1;
    for (let j = i + 1; j < events.length; j++) {
      const o = events[j]!;
      if (
        (o.type === 'WorkflowTaskCompleted' || o.type === 'WorkflowTaskFailed' || o.type === 'WorkflowTaskTimedOut') &&
        o.startedEventId === e.eventId
      ) {
        outcome = o;
        outcomeIndex = j;
        break;
      }
    }
    if (outcome && outcome.type !== 'WorkflowTaskCompleted') return; // Did not count: the jobs wait for the next task.
    const pending = this.pending;
    this.pending = [];
    const commandEvents = outcome ? commandEventsAfter(events, outcomeIndex) : undefined;
    // Replaying a task that recorded patch markers: tell the code the patches are there (see patched()).
    for (const c of commandEvents ?? []) {
      const patch = c.type === 'MarkerRecorded' ? patchOfMarker(c.markerName, c.details) : undefined;
      if (patch) pending.push({ job: { type: 'NotifyHasPatch', patchId: patch.patchId }, eventId: c.eventId });
    }
    // Updates come after the other jobs (then ordered with signals): those this task accepted when
    // replaying, those the server sent with it when live. A rejected update left no trace: it is not replayed.
    const updates: { job: ActivationJob; eventId: number }[] = [];
    for (const c of commandEvents ?? []) {
      if (c.type !== 'WorkflowExecutionUpdateAccepted') continue;
      const job = { type: 'DoUpdate' as const, updateId: c.updateId, name: c.name, args: c.input, runValidator: false };
      updates.push({
        job: { ...job, ...(c.identity ? { identity: c.identity } : {}), ...(c.header ? { headers: c.header } : {}) },
        eventId: c.eventId,
      });
    }
    if (!commandEvents) {
      for (const { header, ...u } of this.liveUpdates) {
        updates.push({ job: { type: 'DoUpdate', ...u, ...(header ? { headers: header } : {}), runValidator: true }, eventId: e.eventId });
      }
    }
    const all = pending.concat(updates);
    const task = {
      type: 'task' as const,
      startedEventId: e.eventId,
      timestamp: Date.parse(e.eventTime),
      historyLength: e.eventId,
      historySizeBytes: e.historySizeBytes ?? 0,
      ...(e.suggestContinueAsNew !== undefined ? { continueAsNewSuggested: e.suggestContinueAsNew } : {}),
      jobs: all.map((p) => p.job),
      jobEventIds: all.map((p) => p.eventId),
    };
    if (commandEvents) {
      const sdkMetadata = outcome?.type === 'WorkflowTaskCompleted' ? outcome.sdkMetadata : undefined;
      out.push({ ...task, commandEvents, ...(sdkMetadata ? { sdkMetadata } : {}) });
    } else {
      if (this.live) throw new IllegalStateError(`Workflow task ${this.live.startedEventId} has no outcome but task ${e.eventId} started.`);
      // Should this task not count, its jobs go to the next one; the updates come again from the server.
      this.live = { startedEventId: e.eventId, pending };
      out.push(task);
    }
  }
}

/**
 * The events that the commands of the task completed at `events[index]` produced: those that name it
 * as their task, up to the next task. (Other events may come between them: an activity cancelled
 * before it started is closed at once, right after its cancel request.)
 */
function commandEventsAfter(events: readonly HistoryEvent[], index: number): HistoryEvent[] {
  const completed = events[index]!;
  const out: HistoryEvent[] = [];
  for (let j = index + 1; j < events.length; j++) {
    const e = events[j]!;
    if (e.type === 'WorkflowTaskStarted') break;
    const taskOf = (e as { workflowTaskCompletedEventId?: number }).workflowTaskCompletedEventId;
    if (COMMAND_EVENT_TYPES.has(e.type) && taskOf === completed.eventId) out.push(e);
  }
  return out;
}
