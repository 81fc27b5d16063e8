// Worker.runReplayHistory: replays a saved history with workflow code, through the same executor
// that runs live tasks, and throws DeterminismViolationError if the code no longer matches it.
import { ValueError } from '../../common/errors';
import type { History, HistoryEvent } from '../../protocol';
import { bundleWorkflowCode } from '../sandbox/bundler';
import { loadWorkflowBundle, type WorkflowBundleOption } from '../sandbox/bundle-option';
import { WorkflowSandbox } from '../sandbox/sandbox';
import type { SinkDispatch } from '../sinks';
import { convertTemporalHistory, isReadFromTemporal, isTemporalHistory } from '../temporal-history/temporal-history';
import { isProtoHistory, protoHistoryToJson } from '../temporal-history/proto-history';
import { ReplayFailedError, WorkflowExecutor } from './workflow-executor';

/** The workflow code a replay runs: one of the two. */
export interface ReplayOptions {
  /** The module that exports the workflows (bundled first, as `Worker.create` does). */
  workflowsPath?: string;
  /** Code bundled already by `bundleWorkflowCode`: the bundle or the files it was written to. */
  workflowBundle?: WorkflowBundleOption;
  /** Workflow interceptor modules bundled with `workflowsPath` (as the worker's `interceptors.workflowModules`). */
  interceptors?: { workflowModules?: string[] };
  /** Sinks (as the worker's): in a replay, only those with `callDuringReplay` are called (any call). */
  sinks?: SinkDispatch;
}

/**
 * A replay failed because the workflow code threw an error that fails a workflow task (a bug, not a
 * mismatch with the history, which is a `DeterminismViolationError`). The message has the error and its
 * stack mapped to the workflow's source files. Thrown by `Worker.runReplayHistory`, reported by
 * `Worker.runReplayHistories`.
 */
export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

/**
 * Checks that a value is a workflow history and returns it as Rewind's. It takes Rewind's own
 * (`{ events: [...] }` as `rewind workflow show --output json` or `handle.fetchHistory()` give it: events
 * numbered from 1, each with a `type` and an `eventTime`, the first `WorkflowExecutionStarted`) and one
 * exported from Temporal (`temporal workflow show --output json` or the Web UI's download: `eventType`
 * names, string ids, base64 payloads), or Temporal's as protobuf objects (its client's `fetchHistory()`,
 * `historyFromJSON()`), which it converts. A string is parsed as JSON first.
 *
 * @param value a history object, or its JSON text.
 * @throws ValueError saying what is wrong when the value is not a history.
 */
export function parseHistory(value: unknown): History {
  let h = value;
  if (typeof value === 'string') {
    try {
      h = JSON.parse(value) as unknown;
    } catch (err) {
      throw new ValueError(`Not a history: the text is not JSON (${(err as Error).message}).`);
    }
  }
  if (isProtoHistory(h)) h = protoHistoryToJson(h);
  if (isTemporalHistory(h)) return convertTemporalHistory(h);
  const events = (h as { events?: unknown } | null)?.events;
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValueError(
      'Not a history: expected an object with a non-empty "events" array, as written by `rewind workflow show --output json` ' +
        '(or by `temporal workflow show --output json` / the Temporal Web UI download).',
    );
  }
  events.forEach((e: unknown, i) => {
    const ev = e as Partial<HistoryEvent> | null;
    if (!ev || typeof ev.type !== 'string' || ev.eventId !== i + 1 || typeof ev.eventTime !== 'string') {
      throw new ValueError(`Not a history: event ${i + 1} must have eventId ${i + 1}, a type and an eventTime.`);
    }
  });
  if ((events[0] as HistoryEvent).type !== 'WorkflowExecutionStarted')
    throw new ValueError('Not a history: the first event must be WorkflowExecutionStarted.');
  return h as History;
}

/** The histories `Worker.runReplayHistories` takes (Temporal's `ReplayHistoriesIterable`). */
export type ReplayHistoriesIterable = AsyncIterable<HistoryAndWorkflowId> | Iterable<HistoryAndWorkflowId>;

/** One history for `Worker.runReplayHistories`, with the id of its workflow (as Temporal's). */
export interface HistoryAndWorkflowId {
  /** The workflow id the replay gives the run (`workflowInfo().workflowId`). */
  workflowId: string;
  /** The history: Rewind's or Temporal's JSON, as an object or text (see {@link parseHistory}). */
  history: History | unknown;
}

/** The outcome of replaying one history with `Worker.runReplayHistories`. */
export interface ReplayResult {
  workflowId: string;
  /** The history's run id, or `'unknown'` if it has none. */
  runId: string;
  /**
   * Why the history does not replay: a `DeterminismViolationError` (the code no longer matches it), a
   * {@link ReplayError} (the code threw), or a `ValueError` (not a history). Undefined when it replays.
   */
  error?: Error;
}

async function sandboxFor(options: ReplayOptions): Promise<WorkflowSandbox> {
  const bundle = options.workflowBundle
    ? loadWorkflowBundle(options.workflowBundle)
    : options.workflowsPath
      ? await bundleWorkflowCode({
          workflowsPath: options.workflowsPath,
          workflowInterceptorModules: options.interceptors?.workflowModules ?? [],
        })
      : undefined;
  if (!bundle) throw new ValueError('Replaying needs workflowsPath or workflowBundle.');
  // As Temporal's replay worker: only sink functions with callDuringReplay are called, whatever the call.
  return WorkflowSandbox.create(bundle, options.sinks && { ...options.sinks, replay: true });
}

export async function replayHistory(options: ReplayOptions, value: History | unknown, workflowId?: string): Promise<void> {
  replayWith(await sandboxFor(options), value, workflowId);
}

/** Replays each history with one sandbox (made once: cheap per history); never throws for a history that does not replay. */
export async function* replayHistories(
  options: ReplayOptions,
  histories: Iterable<HistoryAndWorkflowId> | AsyncIterable<HistoryAndWorkflowId>,
): AsyncIterable<ReplayResult> {
  const sandbox = await sandboxFor(options);
  for await (const { workflowId, history } of histories) {
    const runId = (history as Partial<History> | null)?.runId ?? 'unknown';
    try {
      replayWith(sandbox, history, workflowId);
      yield { workflowId, runId };
    } catch (err) {
      yield { workflowId, runId, error: err instanceof Error ? err : new Error(String(err)) };
    }
  }
}

function replayWith(sandbox: WorkflowSandbox, value: History | unknown, workflowId?: string): void {
  const history = parseHistory(value);
  const started = history.events[0] as Extract<HistoryEvent, { type: 'WorkflowExecutionStarted' }>;
  const executor = new WorkflowExecutor(sandbox, {
    namespace: 'default',
    workflowId: workflowId ?? history.workflowId ?? 'replay-workflow-id',
    runId: history.runId ?? started.originalExecutionRunId ?? 'replay-run-id',
    workflowType: started.workflowType,
    recordedByTemporal: isReadFromTemporal(history),
  });
  try {
    executor.process(history.events);
  } catch (err) {
    if (err instanceof ReplayFailedError) {
      throw new ReplayError(`${err.message}\n${sandbox.sourceMap.mapStack(err.failure.stackTrace) ?? ''}`.trim());
    }
    throw err;
  } finally {
    executor.dispose();
  }
}
