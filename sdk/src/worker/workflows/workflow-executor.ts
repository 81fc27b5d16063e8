// One workflow run in a worker: a sandbox run fed by a history reader. Historical tasks are replayed
// and checked against their recorded commands; the live task's commands are returned to be sent.
// Kept in the worker's cache between tasks (sticky), rebuilt from full history otherwise.
import type {
  ActivationJob,
  ActivationResult,
  Command,
  HistoryEvent,
  Payload,
  Failure,
  Header,
  LocalActivityRequest,
  SdkMetadata,
  UpdateRequest,
} from '../../protocol';
import { localActivityOfMarker, resolutionOfMarker } from '../../protocol/local-activities';
import { IllegalStateError } from '../../common/errors';
import { decodePayload } from '../../common/payload-decoding';
import { decodeJobs } from './decode-jobs';
import { determinismError, findMismatch, matchQueue, pairCommands, unknownFlagError } from './determinism';
import { HistoryReader, type ReaderOutput, type RunIdentity } from './history-reader';
import type { QueryAnswer, SandboxRun, WorkflowSandbox } from '../sandbox/sandbox';
import type { SourceLocation } from '../sandbox/source-map';
import { SdkFlags, TEMPORAL_SDK_UNNAMED, TemporalCoreFlags, unknownFlag } from '../../workflow/flags';

/** The cached state no longer matches the history (a task we ran did not count): replay from scratch. */
export class CacheInvalidError extends Error {
  override readonly name = 'CacheInvalidError';
}

export interface LiveResult {
  startedEventId: number;
  /** What the task produced so far; with `localActivities`, the worker runs them and calls resolveLocalActivities. */
  result: ActivationResult;
}

type Task = Extract<ReaderOutput, { type: 'task' }>;

/** A command the code issued that no event has matched yet, with where it was issued. */
interface QueuedCommand {
  command: Command;
  /** Its index in the last activation's commands (its stack is read from there while that is the last). */
  activationIndex?: number;
  /** Its source line, read before a later activation replaces the stacks. */
  location?: SourceLocation;
  /** The task whose activation issued it. */
  startedEventId: number;
}

/** Who the run is and, for a history read from Temporal's JSON, that Temporal's SDK recorded it. */
export type ExecutorIdentity = RunIdentity & {
  workflowType: string;
  /**
   * The history was exported from Temporal: a task whose completion names no SDK was recorded by one of
   * Temporal's (very old SDKs and some exports record none), so it replays with Temporal's randomness and checks.
   */
  recordedByTemporal?: boolean;
};

export interface ExecutorObserver {
  /** Called for every task as it is run (replayed or live), with what it produced. */
  onTask?(task: Extract<ReaderOutput, { type: 'task' }>, result: ActivationResult, run: SandboxRun): void;
  /** Called after each activation (a task has more than one when it ran local activities); `run.commandStack` reads its sites. */
  onActivation?(task: Extract<ReaderOutput, { type: 'task' }>, result: ActivationResult, run: SandboxRun): void;
}

export class WorkflowExecutor {
  private run: SandboxRun | undefined;
  private readonly reader: HistoryReader;
  private live: { task: Task; result: ActivationResult } | undefined;
  /** Started event id of the last task this executor ran (replayed or live). */
  lastStartedEventId = 0;
  /** Commands issued that no event has matched yet, oldest first: sdk-core keeps one such queue across tasks. */
  private unmatched: QueuedCommand[] = [];
  /** The last carried-over command an event matched (a later task's event took it), for the message of a mismatch after it. */
  private matchedLate: { queued: QueuedCommand; eventId: number } | undefined;
  /** The flags the history recorded so far (which checks apply to a Temporal history). */
  private readonly flags = new SdkFlags();

  constructor(
    private readonly sandbox: WorkflowSandbox,
    readonly identity: ExecutorIdentity,
    private readonly observer: ExecutorObserver = {},
  ) {
    this.reader = new HistoryReader(identity);
  }

  get position(): number {
    return this.reader.position;
  }

  /**
   * Reads more history. Replays historical tasks (throwing DeterminismViolationError on a mismatch)
   * and runs the live task, if the events end with one, with the updates the server sent for it.
   */
  process(events: readonly HistoryEvent[], updates: readonly UpdateRequest[] = []): LiveResult | undefined {
    let live: LiveResult | undefined;
    for (const out of this.reader.read(events, updates)) {
      switch (out.type) {
        case 'confirm':
          if (!this.live || findMismatch(liveCommands(this.live.result), out.commandEvents, (id) => this.reader.activitySeq(id))) {
            throw new CacheInvalidError(`The server recorded other commands than task ${out.startedEventId} sent.`);
          }
          this.bind(liveCommands(this.live.result), out.commandEvents);
          this.live = undefined;
          break;
        case 'lost':
          throw new CacheInvalidError(`Workflow task ${out.startedEventId} did not count (it failed or timed out).`);
        case 'task': {
          let result = this.activate(out, out.jobs, out.commandEvents !== undefined);
          this.lastStartedEventId = out.startedEventId;
          if (out.commandEvents === undefined) {
            // Commands replayed tasks issued and history has not matched yet go out first (as sdk-core sends its queue).
            if (result.status === 'ok' && this.unmatched.length > 0) {
              result = { ...result, commands: [...this.unmatched.map((q) => q.command), ...result.commands] };
            }
            this.unmatched = [];
            live = { startedEventId: out.startedEventId, result };
            this.live = { task: out, result };
            this.observer.onTask?.(out, result, this.run!);
            break;
          }
          // Local activities this task ran: their markers say how they ended (each round in an activation of its own).
          let offset = 0;
          for (;;) {
            const jobs = result.status === 'ok' ? resolutionsFromMarkers(result.localActivities, out.commandEvents) : [];
            if (jobs.length === 0) break;
            offset = liveCommands(result).length;
            result = mergeResults(result, this.activate(out, jobs, true));
          }
          this.observer.onTask?.(out, result, this.run!);
          if (result.status === 'failed') throw new ReplayFailedError(result.failure, out.startedEventId);
          this.check(out, result.commands, offset);
          break;
        }
      }
    }
    return live;
  }

  /**
   * Matches a replayed task's events against the commands still waiting for theirs, then this task's
   * (`offset`: how many of them came before its last activation); throws the mismatch at its event.
   */
  private check(task: Task, commands: readonly Command[], offset: number): void {
    this.flags.observe(this.metadataOf(task));
    const unknown = unknownFlag(this.metadataOf(task), this.flags.recordedByTemporal);
    if (unknown) throw unknownFlagError(unknown, task.startedEventId + 1, this.identity);
    const queue: QueuedCommand[] = [
      ...this.unmatched,
      ...commands.map((command, i) => ({
        command,
        startedEventId: task.startedEventId,
        ...(i >= offset ? { activationIndex: i - offset } : {}),
      })),
    ];
    const m = matchQueue(
      queue.map((q) => q.command),
      task.commandEvents ?? [],
      {
        activitySeq: (id) => this.reader.activitySeq(id),
        idAndTypeChecks: this.flags.coreFlag(TemporalCoreFlags.IdAndTypeDeterminismChecks, true),
      },
    );
    queue.slice(0, m.consumed).forEach((q, i) => {
      const e = m.paired[i];
      if (e && q.startedEventId !== task.startedEventId) this.matchedLate = { queued: q, eventId: e.eventId };
    });
    if (m.mismatch) {
      const q = queue[m.mismatch.index];
      const late = this.matchedLate;
      throw determinismError(m.mismatch, {
        workflowId: this.identity.workflowId,
        workflowType: this.identity.workflowType,
        taskStartedEventId: task.startedEventId,
        ...(m.mismatch.command && q ? { location: this.locationOf(q) } : {}),
        ...(late ? { matchedLate: { command: late.queued.command, eventId: late.eventId, location: this.locationOf(late.queued) } } : {}),
      });
    }
    this.bindPaired(
      queue.slice(0, m.consumed).map((q) => q.command),
      m.paired,
    );
    this.unmatched = queue.slice(m.consumed).map((q) => {
      const location = this.locationOf(q);
      return { command: q.command, startedEventId: q.startedEventId, ...(location ? { location } : {}) };
    });
  }

  /** Where the code issued a queued command (its last activation's stack, or what was read when it was carried over). */
  private locationOf(q: QueuedCommand): SourceLocation | undefined {
    if (q.location || q.activationIndex === undefined) return q.location;
    return this.sandbox.sourceMap.userFrame(this.run?.commandStack(q.activationIndex));
  }

  /** What a replayed task's completion recorded; for a Temporal export, one naming no SDK is Temporal's. */
  private metadataOf(task: Task): SdkMetadata | undefined {
    if (!this.identity.recordedByTemporal || task.sdkMetadata?.sdkName) return task.sdkMetadata;
    return { ...task.sdkMetadata, sdkName: TEMPORAL_SDK_UNNAMED };
  }

  /** Learns the seq of each activity from the command that scheduled it (commands and events matched). */
  private bind(commands: readonly Command[], events: readonly HistoryEvent[]): void {
    this.bindPaired(commands, pairCommands(commands, events));
  }

  private bindPaired(commands: readonly Command[], paired: readonly (HistoryEvent | undefined)[]): void {
    commands.forEach((c, i) => {
      const e = paired[i];
      if (c.type === 'ScheduleActivityTask' && e?.type === 'ActivityTaskScheduled') this.reader.bindActivity(e.eventId, c.seq);
      else if (c.type === 'StartChildWorkflowExecution' && e?.type === 'StartChildWorkflowExecutionInitiated')
        this.reader.bindInitiated('child', e.eventId, c.seq);
      else if (c.type === 'SignalExternalWorkflowExecution' && e?.type === 'SignalExternalWorkflowExecutionInitiated')
        this.reader.bindInitiated('signal', e.eventId, c.seq);
      else if (c.type === 'RequestCancelExternalWorkflowExecution' && e?.type === 'RequestCancelExternalWorkflowExecutionInitiated') {
        this.reader.bindInitiated('cancel', e.eventId, c.seq);
      }
    });
  }

  /** The live task's local activities ended: hands their outcomes to the workflow; returns all the task produced. */
  resolveLocalActivities(jobs: ActivationJob[]): ActivationResult {
    if (!this.live) throw new IllegalStateError('No live workflow task to resolve local activities in.');
    this.live.result = mergeResults(this.live.result, this.activate(this.live.task, jobs, false));
    return this.live.result;
  }

  /** The workflow task timeout of the run (local activities must finish well within it). */
  get workflowTaskTimeoutMs(): number {
    return this.taskTimeoutMs;
  }

  private taskTimeoutMs = 10_000;

  private activate(task: Task, jobs: ActivationJob[], isReplaying: boolean): ActivationResult {
    if (!this.run) {
      const init = task.jobs.find((j) => j.type === 'InitializeWorkflow');
      if (!init || init.type !== 'InitializeWorkflow') {
        throw new IllegalStateError(`The first workflow task of ${this.identity.workflowId} does not start the workflow.`);
      }
      this.run = this.sandbox.createRun(init.randomnessSeed, task.timestamp);
      this.taskTimeoutMs = init.info.workflowTaskTimeoutMs;
    }
    const metadata = isReplaying ? this.metadataOf(task) : undefined;
    const result = this.run.activate({
      timestamp: task.timestamp,
      isReplaying,
      historyLength: task.historyLength,
      historySizeBytes: task.historySizeBytes,
      ...(task.continueAsNewSuggested !== undefined ? { continueAsNewSuggested: task.continueAsNewSuggested } : {}),
      jobs: decodeJobs(jobs, jobs === task.jobs ? task.jobEventIds : undefined),
      ...(metadata ? { sdkMetadata: metadata } : {}),
    });
    this.observer.onActivation?.(task, result, this.run);
    return result;
  }

  /** A query's answer, with the lines the workflow logged answering it (the worker writes them). */
  query(queryType: string, args: Payload[], header?: Header, queryId?: string): QueryAnswer {
    if (!this.run) throw new IllegalStateError('The workflow has not started yet: nothing to query.');
    return this.run.query(
      queryType,
      args.map((a, i) => decodePayload(a, `argument ${i + 1} of query ${queryType}`) as Payload),
      header,
      queryId,
    );
  }

  /** Where the workflow waits: each pending activity, timer, condition, child or local activity, at its source line. */
  waitingAt(): { what: string; location?: string }[] {
    return (this.run?.stack() ?? []).map(({ what, stack }) => {
      const at = this.sandbox.sourceMap.userFrame(stack);
      return { what, ...(at ? { location: `${at.file}:${at.line}:${at.column}` } : {}) };
    });
  }

  /** Where the workflow waits, each wait as its frames mapped to source (the `__enhanced_stack_trace` query). */
  waitingFrames(): SourceLocation[][] {
    return (this.run?.stack() ?? []).map(({ stack }) => this.sandbox.sourceMap.frames(stack));
  }

  /** Source stack of a command of the last activation. */
  commandStack(index: number): string | undefined {
    return this.run?.commandStack(index);
  }

  dispose(): void {
    this.run?.dispose();
    this.run = undefined;
  }
}

/** The code failed while replaying a task that had completed before (a bug in new code, most likely). */
export class ReplayFailedError extends Error {
  override readonly name = 'ReplayFailedError';
  constructor(
    readonly failure: Failure,
    readonly startedEventId: number,
  ) {
    super(`The workflow code threw while replaying workflow task ${startedEventId}: ${failure.message}`);
  }
}

function liveCommands(result: ActivationResult): Command[] {
  return result.status === 'ok' ? result.commands : [];
}

/** Two activations of one task as one result: their commands and logs in order; a failure wins. */
function mergeResults(a: ActivationResult, b: ActivationResult): ActivationResult {
  const logs = [...a.logs, ...b.logs];
  if (a.status === 'failed') return { ...a, logs };
  if (b.status === 'failed') return { ...b, logs };
  const sdkMetadata = mergeMetadata(a.sdkMetadata, b.sdkMetadata);
  return { ...b, commands: [...a.commands, ...b.commands], logs, ...(sdkMetadata ? { sdkMetadata } : {}) };
}

/** The metadata of a task run in rounds: the flags first used in any of them. */
function mergeMetadata(a: SdkMetadata | undefined, b: SdkMetadata | undefined): SdkMetadata | undefined {
  if (!a || !b) return a ?? b;
  const lang = [...new Set([...(a.langUsedFlags ?? []), ...(b.langUsedFlags ?? [])])].sort((x, y) => x - y);
  return { ...a, ...b, ...(lang.length > 0 ? { langUsedFlags: lang } : {}) };
}

/** The outcomes, recorded in this task's markers, of the local activities the workflow waits for. */
function resolutionsFromMarkers(requests: readonly LocalActivityRequest[] | undefined, events: readonly HistoryEvent[]): ActivationJob[] {
  const jobs: ActivationJob[] = [];
  for (const request of requests ?? []) {
    for (const e of events) {
      if (e.type !== 'MarkerRecorded') continue;
      const d = localActivityOfMarker(e.markerName, e.details);
      if (d?.seq !== request.seq) continue;
      jobs.push({ type: 'ResolveLocalActivity', seq: d.seq, attempt: d.attempt, resolution: resolutionOfMarker(d, e.failure) });
      break;
    }
  }
  return jobs;
}
