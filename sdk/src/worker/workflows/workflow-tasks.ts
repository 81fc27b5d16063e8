// Workflow tasks and queries in a worker: find or rebuild the run, replay what is new, run the live
// task, send its commands (or the reason it failed). Failures here never stop the worker.
import { definedFields } from '../../common/defined-fields';
import { DeterminismViolationError } from '../../common/errors';
import { errorToFailure } from '../../common/failure-convert';
import type { Command, Failure, HistoryEvent, QueryTask, WorkflowLogEntry, WorkflowTask } from '../../protocol';
import { TERMINAL_COMMAND_TYPES } from '../../protocol/commands';
import { ServiceError } from '../../transport/connection-error';
import type { LocalActivityRunner } from '../activities/local-activities';
import type { Logger } from '../logger';
import type { NativeConnection } from '../native-connection';
import type { WorkflowSandbox } from '../sandbox/sandbox';
import type { WorkflowCache } from './workflow-cache';
import { CacheInvalidError, ReplayFailedError, WorkflowExecutor } from './workflow-executor';
import { ENHANCED_STACK_TRACE_QUERY_NAME, STACK_TRACE_QUERY_NAME } from '../../common/reserved-names';
import { REWIND_SDK_NAME, REWIND_SDK_VERSION } from '../../workflow/flags';
import type { EnhancedStackTrace } from '../../workflow/workflow-metadata';
import type { SourceLocation } from '../sandbox/source-map';

export interface WorkflowTaskContext {
  connection: NativeConnection;
  sandbox: WorkflowSandbox;
  cache: WorkflowCache;
  logger: Logger;
  localActivities: LocalActivityRunner;
  namespace: string;
  taskQueue: string;
}

const HISTORY_PAGE = 10_000;

export class WorkflowTasks {
  /** One operation at a time per run (a query waits for the task in progress). */
  private readonly locks = new Map<string, Promise<void>>();
  /** Non-determinism already reported, so that retries do not flood the log. */
  private readonly reported = new Set<string>();
  inFlight = 0;

  constructor(private readonly ctx: WorkflowTaskContext) {}

  private withLock(runId: string, fn: () => Promise<void>): Promise<void> {
    const prev = this.locks.get(runId) ?? Promise.resolve();
    const next = prev.then(fn, fn).finally(() => {
      if (this.locks.get(runId) === next) this.locks.delete(runId);
    });
    this.locks.set(runId, next);
    return next;
  }

  private async fullHistory(task: { namespace: string; workflowId: string; runId: string }, toEventId?: number): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    for (;;) {
      const page = await this.ctx.connection.call('workflow.history', {
        namespace: task.namespace,
        workflowId: task.workflowId,
        runId: task.runId,
        fromEventId: events.length + 1,
        ...definedFields({ toEventId }),
        maxEvents: HISTORY_PAGE,
      });
      events.push(...page.events);
      if (page.events.length < HISTORY_PAGE) return events;
    }
  }

  /**
   * The task's history from its first event: what the server keeps before the task's own events, then
   * those (a speculative task's Scheduled and Started events are only in the task).
   */
  private async wholeHistory(task: WorkflowTask): Promise<HistoryEvent[]> {
    const first = task.events[0]?.eventId;
    if (first === undefined) return this.fullHistory(task, task.startedEventId);
    return first === 1 ? task.events : [...(await this.fullHistory(task, first - 1)), ...task.events];
  }

  private newExecutor(task: { namespace: string; workflowId: string; runId: string; workflowType: string }): WorkflowExecutor {
    return new WorkflowExecutor(this.ctx.sandbox, {
      namespace: task.namespace,
      workflowId: task.workflowId,
      runId: task.runId,
      workflowType: task.workflowType,
    });
  }

  handle(task: WorkflowTask): Promise<void> {
    this.inFlight++;
    return this.withLock(task.runId, () => this.process(task)).finally(() => this.inFlight--);
  }

  private async process(task: WorkflowTask, retried = false): Promise<void> {
    const { cache, logger, sandbox } = this.ctx;
    const receivedAt = Date.now();
    const meta = { workflowId: task.workflowId, runId: task.runId, workflowType: task.workflowType };
    if (!sandbox.workflowTypes.includes(task.workflowType)) {
      await this.fail(task, 'WORKFLOW_TYPE_NOT_REGISTERED', {
        message: `Workflow type '${task.workflowType}' is not exported by this worker's workflows (it has: ${sandbox.workflowTypes.join(', ') || 'none'}).`,
        info: { type: 'application', errorType: 'NotFoundError', nonRetryable: false },
      });
      return;
    }
    let exec = cache.get(task.runId);
    let events = task.events;
    if (exec && events[0]?.eventId !== exec.position + 1) {
      cache.evict(task.runId);
      exec = undefined;
    }
    try {
      if (!exec) {
        exec = this.newExecutor(task);
        if (events[0]?.eventId !== 1) events = await this.wholeHistory(task);
      }
      const live = exec.process(events, task.updates);
      if (!live) throw new CacheInvalidError(`Workflow task ${task.startedEventId} was not found in the history the worker read.`);
      let result = live.result;
      // Local activities run here, in this task; each round's outcomes go back to the workflow, which may ask for more.
      while (result.status === 'ok' && result.localActivities) {
        const jobs = await this.ctx.localActivities.run(result.localActivities, {
          ...meta,
          namespace: task.namespace,
          taskQueue: this.ctx.taskQueue,
          taskReceivedAt: receivedAt,
          workflowTaskTimeoutMs: exec.workflowTaskTimeoutMs,
        });
        result = exec.resolveLocalActivities(jobs);
      }
      this.printLogs(result.logs, meta);
      if (result.status === 'failed') {
        cache.evict(task.runId);
        exec.dispose();
        const failure = this.mapFailure(result.failure);
        logger.error(
          `Workflow code threw: the workflow task failed and will be retried. Fix the code; the workflow waits.\n${failure.stackTrace ?? failure.message}`,
          meta,
        );
        await this.fail(task, 'WORKFLOW_WORKER_UNHANDLED_FAILURE', failure);
        return;
      }
      const closes = result.commands.some((c) => TERMINAL_COMMAND_TYPES.has(c.type));
      if (closes) {
        cache.evict(task.runId);
        exec.dispose();
      } else cache.set(task.runId, exec);
      try {
        const commands = result.commands.map((c) => this.mapCommandFailure(c));
        const sdkMetadata = result.sdkMetadata;
        await this.ctx.connection.call('workflowTask.complete', {
          taskToken: task.taskToken,
          commands,
          ...(sdkMetadata ? { sdkMetadata } : {}),
        });
      } catch (err) {
        cache.evict(task.runId);
        if (err instanceof ServiceError && err.status === 'RESOURCE_EXHAUSTED') {
          // The commands are too large to send (huge activity arguments): say so, and let the task retry.
          logger.error(err.message, meta);
          await this.fail(task, 'WORKFLOW_WORKER_UNHANDLED_FAILURE', errorToFailure(err));
        } else {
          logger.debug(`Workflow task completion was refused: ${(err as Error).message}`, meta);
        }
      }
    } catch (err) {
      exec?.dispose();
      cache.evict(task.runId);
      if (err instanceof CacheInvalidError && !retried) {
        await this.process({ ...task, events: await this.wholeHistory(task) }, true);
        return;
      }
      if (err instanceof DeterminismViolationError) {
        const key = `${task.runId}:${err.message}`;
        if (!this.reported.has(key)) {
          this.reported.add(key);
          logger.error(err.message, meta);
        }
        await this.fail(task, 'NON_DETERMINISTIC_ERROR', errorToFailure(err));
        return;
      }
      const failure = err instanceof ReplayFailedError ? this.mapFailure(err.failure) : errorToFailure(err);
      logger.error(`Workflow task failed: ${failure.stackTrace ?? failure.message}`, meta);
      await this.fail(task, 'WORKFLOW_WORKER_UNHANDLED_FAILURE', failure);
    }
  }

  private async fail(
    task: WorkflowTask,
    cause: 'WORKFLOW_WORKER_UNHANDLED_FAILURE' | 'NON_DETERMINISTIC_ERROR' | 'WORKFLOW_TYPE_NOT_REGISTERED',
    failure: Failure,
  ): Promise<void> {
    await this.ctx.connection.call('workflowTask.fail', { taskToken: task.taskToken, cause, failure }).catch((err: Error) => {
      this.ctx.logger.debug(`Workflow task failure was refused: ${err.message}`, { workflowId: task.workflowId });
    });
  }

  /** The failure with its stack mapped from the bundle to the user's source files. */
  private mapFailure(failure: Failure): Failure {
    const stackTrace = this.ctx.sandbox.sourceMap.mapStack(failure.stackTrace);
    return { ...failure, ...(stackTrace ? { stackTrace } : {}), ...(failure.cause ? { cause: this.mapFailure(failure.cause) } : {}) };
  }

  /** A command that carries a failure of the workflow code (it closes the run, or answers an update) gets it mapped to source. */
  private mapCommandFailure(command: Command): Command {
    switch (command.type) {
      case 'FailWorkflowExecution':
      case 'RejectWorkflowUpdate':
        return { ...command, failure: this.mapFailure(command.failure) };
      case 'CompleteWorkflowUpdate':
        return command.failure ? { ...command, failure: this.mapFailure(command.failure) } : command;
      default:
        return command;
    }
  }

  private printLogs(logs: readonly WorkflowLogEntry[], meta: Record<string, string>): void {
    for (const entry of logs) {
      // Workflow code's console: on this process's console, as Temporal's worker prints it.
      if (entry.console) {
        const message = this.ctx.sandbox.sourceMap.mapStack(entry.message) ?? entry.message;
        console[entry.console](`[${meta.workflowType ?? ''}(${meta.workflowId ?? ''})]`, message);
        continue;
      }
      const level = entry.level === 'trace' ? 'TRACE' : (entry.level.toUpperCase() as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR');
      this.ctx.logger.log(level, entry.message, { ...meta, ...entry.attrs });
    }
  }

  handleQuery(q: QueryTask): Promise<void> {
    return this.withLock(q.runId, async () => {
      let outcome: { result?: unknown; failure?: Failure };
      let temp: WorkflowExecutor | undefined;
      try {
        if (q.queryType === STACK_TRACE_QUERY_NAME || q.queryType === ENHANCED_STACK_TRACE_QUERY_NAME) {
          // Where the code waits is known once replayed: replay the tasks that completed.
          temp = this.newExecutor(q);
          temp.process(completedTasks(await this.fullHistory(q)));
          outcome = {
            result: q.queryType === STACK_TRACE_QUERY_NAME ? stackTrace(temp.waitingAt()) : enhancedStackTrace(temp.waitingFrames()),
          };
        } else {
          let exec = this.ctx.cache.get(q.runId);
          if (!exec) {
            temp = exec = this.newExecutor(q);
            exec.process(await this.fullHistory(q));
          }
          const { logs, ...answer } = exec.query(q.queryType, q.args, q.header, q.queryId);
          // What the handler logged is live (as Temporal's): written now, even if the run is then dropped.
          this.printLogs(logs, { workflowId: q.workflowId, runId: q.runId, workflowType: q.workflowType });
          outcome = answer;
        }
      } catch (err) {
        outcome = { failure: errorToFailure(err) };
      } finally {
        temp?.dispose();
      }
      await this.ctx.connection
        .call('queryTask.respond', {
          queryId: q.queryId,
          ...(outcome.failure ? { failure: outcome.failure } : { result: outcome.result as never }),
        })
        .catch(() => undefined);
    });
  }
}

function stackTrace(waits: { what: string; location?: string }[]): string {
  if (waits.length === 0) return 'The workflow waits on nothing (it is about to run, or has finished).';
  return waits.map((w) => `waiting on ${w.what}${w.location ? ` at ${w.location}` : ''}`).join('\n');
}

/** Temporal's `EnhancedStackTrace`: a stack per wait, every frame in the bundle mapped to source; no sources (Temporal's default). */
function enhancedStackTrace(waits: SourceLocation[][]): EnhancedStackTrace {
  return {
    sdk: { name: REWIND_SDK_NAME, version: REWIND_SDK_VERSION },
    stacks: waits.map((frames) => ({
      locations: frames.map((f) => ({
        file_path: f.file,
        ...(f.functionName ? { function_name: f.functionName } : {}),
        line: f.line,
        column: f.column,
        internal_code: false,
      })),
    })),
    sources: {},
  };
}

/** The history up to the last completed workflow task and the events its commands made (all of it replays). */
function completedTasks(events: HistoryEvent[]): HistoryEvent[] {
  let last: HistoryEvent | undefined;
  for (const e of events) if (e.type === 'WorkflowTaskCompleted') last = e;
  if (!last) return events.slice(0, 1);
  const id = last.eventId;
  return events.filter((e) => e.eventId <= id || ('workflowTaskCompletedEventId' in e && e.workflowTaskCompletedEventId === id));
}
