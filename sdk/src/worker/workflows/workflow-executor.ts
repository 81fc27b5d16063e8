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
import { determinismError, findMismatch, pairCommands } from './determinism';
import { HistoryReader, type ReaderOutput, type RunIdentity } from './history-reader';
import type { SandboxRun, WorkflowSandbox } from '../sandbox/sandbox';

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

  constructor(
    private readonly sandbox: WorkflowSandbox,
    readonly identity: RunIdentity & { workflowType: string },
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
          const mismatch = findMismatch(result.commands, out.commandEvents, (id) => this.reader.activitySeq(id));
          if (mismatch) {
            throw determinismError(mismatch, {
              workflowId: this.identity.workflowId,
              workflowType: this.identity.workflowType,
              taskStartedEventId: out.startedEventId,
              ...(mismatch.command && mismatch.index >= offset
                ? { location: this.sandbox.sourceMap.userFrame(this.run?.commandStack(mismatch.index - offset)) }
                : {}),
            });
          }
          this.bind(result.commands, out.commandEvents);
          break;
        }
      }
    }
    return live;
  }

  /** Learns the seq of each activity from the command that scheduled it (commands and events matched). */
  private bind(commands: readonly Command[], events: readonly HistoryEvent[]): void {
    const paired = pairCommands(commands, events);
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
    const result = this.run.activate({
      timestamp: task.timestamp,
      isReplaying,
      historyLength: task.historyLength,
      jobs: decodeJobs(jobs, jobs === task.jobs ? task.jobEventIds : undefined),
      ...(isReplaying && task.sdkMetadata ? { sdkMetadata: task.sdkMetadata } : {}),
    });
    this.observer.onActivation?.(task, result, this.run);
    return result;
  }

  query(queryType: string, args: Payload[], header?: Header, queryId?: string): { result?: Payload; failure?: Failure } {
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
