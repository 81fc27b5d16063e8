// One workflow run in a worker: a sandbox run fed by a history reader. Historical tasks are replayed
// and checked against their recorded commands; the live task's commands are returned to be sent.
// Kept in the worker's cache between tasks (sticky), rebuilt from full history otherwise.
import type { ActivationResult, Command, HistoryEvent, Payload, Failure, UpdateRequest } from '../protocol';
import { IllegalStateError } from '../common/errors';
import { determinismError, findMismatch, pairCommands } from './determinism';
import { HistoryReader, type ReaderOutput, type RunIdentity } from './history-reader';
import type { SandboxRun, WorkflowSandbox } from './sandbox';

/** The cached state no longer matches the history (a task we ran did not count): replay from scratch. */
export class CacheInvalidError extends Error {
  override readonly name = 'CacheInvalidError';
}

export interface LiveResult {
  startedEventId: number;
  result: ActivationResult;
}

export interface ExecutorObserver {
  /** Called for every task as it is run (replayed or live), with what it produced. */
  onTask?(task: Extract<ReaderOutput, { type: 'task' }>, result: ActivationResult, run: SandboxRun): void;
}

export class WorkflowExecutor {
  private run: SandboxRun | undefined;
  private readonly reader: HistoryReader;
  private live: { startedEventId: number; commands: Command[] } | undefined;
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
          if (!this.live || findMismatch(this.live.commands, out.commandEvents, (id) => this.reader.activitySeq(id))) {
            throw new CacheInvalidError(`The server recorded other commands than task ${out.startedEventId} sent.`);
          }
          this.bind(this.live.commands, out.commandEvents);
          this.live = undefined;
          break;
        case 'lost':
          throw new CacheInvalidError(`Workflow task ${out.startedEventId} did not count (it failed or timed out).`);
        case 'task': {
          const result = this.activate(out, out.commandEvents !== undefined);
          this.lastStartedEventId = out.startedEventId;
          if (out.commandEvents === undefined) {
            live = { startedEventId: out.startedEventId, result };
            this.live = { startedEventId: out.startedEventId, commands: result.status === 'ok' ? result.commands : [] };
            break;
          }
          if (result.status === 'failed') throw new ReplayFailedError(result.failure, out.startedEventId);
          const mismatch = findMismatch(result.commands, out.commandEvents, (id) => this.reader.activitySeq(id));
          if (mismatch) {
            throw determinismError(mismatch, {
              workflowId: this.identity.workflowId,
              workflowType: this.identity.workflowType,
              taskStartedEventId: out.startedEventId,
              ...(mismatch.command ? { location: this.sandbox.sourceMap.userFrame(this.run?.commandStack(mismatch.index)) } : {}),
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

  private activate(task: Extract<ReaderOutput, { type: 'task' }>, isReplaying: boolean): ActivationResult {
    if (!this.run) {
      const init = task.jobs.find((j) => j.type === 'InitializeWorkflow');
      if (!init || init.type !== 'InitializeWorkflow') {
        throw new IllegalStateError(`The first workflow task of ${this.identity.workflowId} does not start the workflow.`);
      }
      this.run = this.sandbox.createRun(init.randomnessSeed, task.timestamp);
    }
    const result = this.run.activate({ timestamp: task.timestamp, isReplaying, historyLength: task.historyLength, jobs: task.jobs });
    this.observer.onTask?.(task, result, this.run);
    return result;
  }

  query(queryType: string, args: Payload[]): { result?: Payload; failure?: Failure } {
    if (!this.run) throw new IllegalStateError('The workflow has not started yet: nothing to query.');
    return this.run.query(queryType, args);
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
