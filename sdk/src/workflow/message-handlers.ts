// Signals, queries and updates inside a run: their handlers, the messages that came before their
// handler was set, and which handlers are still running (for allHandlersFinished).
import type { ActivationJob, Payload } from '../protocol';
import { TemporalFailure } from '../common/failures';
import { errorToFailure } from '../common/failure-convert';
import { toPayload } from '../common/payloads';
import type { Activator, QueryOutcome } from './internals';
import { composeInterceptors } from './interceptor-composition';
import type { Header } from '../protocol';
import { HandlerUnfinishedPolicy } from '../common/handler-unfinished-policy';
import { headersFromWire } from '../common/payload-message';
import type { UpdateInput } from './interceptors';

type Fn = (...args: unknown[]) => unknown;
type DoUpdate = Extract<ActivationJob, { type: 'DoUpdate' }>;

/** Options of `setHandler` for an update (Temporal's `UpdateHandlerOptions`). */
export interface UpdateHandlerOptions<Args extends unknown[]> {
  /**
   * Runs with the update's arguments before the update is accepted; throwing rejects it (the client gets a
   * `WorkflowUpdateFailedError`, and the update leaves no trace in history). What it returns is ignored, as
   * in Temporal: an async validator is not awaited, so only a synchronous throw rejects (a Promise it returns
   * that rejects fails the workflow task). Must not change the workflow's state.
   */
  validator?: (...args: Args) => void;
  /** What the update does, for people: the `__temporal_workflow_metadata` query lists it with the update's name. */
  description?: string;
  /**
   * Whether to warn when the workflow closes while this handler still runs.
   *
   * @default HandlerUnfinishedPolicy.WARN_AND_ABANDON
   */
  unfinishedPolicy?: HandlerUnfinishedPolicy;
}

interface UpdateHandler {
  handler: Fn;
  validator?: Fn;
  unfinishedPolicy: HandlerUnfinishedPolicy;
}

/** A kind of handler, as Temporal names it in its reserved-name errors. */
export type HandlerKind = 'signal' | 'query' | 'update';

interface Running {
  kind: 'signal' | 'update';
  name: string;
  id?: string;
  unfinishedPolicy: HandlerUnfinishedPolicy;
}

export class MessageHandlers {
  readonly signals = new Map<string, Fn>();
  readonly queries = new Map<string, Fn>();
  private readonly updates = new Map<string, UpdateHandler>();
  /** The unfinishedPolicy each signal handler was set with, when given (else WARN_AND_ABANDON). */
  private readonly signalPolicies = new Map<string, HandlerUnfinishedPolicy>();
  /** Signals that came before their handler was set, delivered in order once it is. */
  private readonly bufferedSignals: { signalName: string; args: Payload[]; headers?: Header }[] = [];
  /** Updates that came before their handler was set: run once it is, rejected if it is not by the end of the activation. */
  private bufferedUpdates: DoUpdate[] = [];
  private readonly seenUpdates = new Set<string>();
  private readonly running = new Set<Running>();
  /** The description each handler was set with, when given (the `__temporal_workflow_metadata` query lists them). */
  private readonly descriptions: Record<HandlerKind, Map<string, string>> = { signal: new Map(), query: new Map(), update: new Map() };

  constructor(private readonly activator: Activator) {}

  /** The names of the handlers set now (the replay debugger shows them). */
  names(): { signals: string[]; queries: string[]; updates: string[] } {
    return { signals: [...this.signals.keys()], queries: [...this.queries.keys()], updates: [...this.updates.keys()] };
  }

  /**
   * The handlers set now, each with its description, in the order they were first set (a handler set
   * again keeps its place; one removed and set again goes last): Temporal's `WorkflowDefinition` lists.
   */
  definitions(): Record<HandlerKind, { name: string; description?: string }[]> {
    const list = (kind: HandlerKind, names: Iterable<string>): { name: string; description?: string }[] =>
      [...names].map((name) => {
        const description = this.descriptions[kind].get(name);
        return description === undefined ? { name } : { name, description };
      });
    return {
      signal: list('signal', this.signals.keys()),
      query: list('query', this.queries.keys()),
      update: list('update', this.updates.keys()),
    };
  }

  private describe(kind: HandlerKind, name: string, description: string | undefined): void {
    if (description === undefined) this.descriptions[kind].delete(name);
    else this.descriptions[kind].set(name, description);
  }

  setSignal(name: string, fn: Fn | undefined, options: { unfinishedPolicy?: HandlerUnfinishedPolicy; description?: string } = {}): void {
    const { unfinishedPolicy, description } = options;
    this.signalPolicies.delete(name);
    this.describe('signal', name, fn ? description : undefined);
    if (!fn) {
      this.signals.delete(name);
      return;
    }
    this.signals.set(name, fn);
    if (unfinishedPolicy) this.signalPolicies.set(name, unfinishedPolicy);
    for (let i = 0; i < this.bufferedSignals.length;) {
      const s = this.bufferedSignals[i]!;
      if (s.signalName === name) {
        this.bufferedSignals.splice(i, 1);
        this.runSignal(name, fn, s.args, s.headers);
      } else i++;
    }
  }

  setQuery(name: string, fn: Fn | undefined, description?: string): void {
    this.describe('query', name, fn ? description : undefined);
    if (fn) this.queries.set(name, fn);
    else this.queries.delete(name);
  }

  setUpdate(name: string, fn: Fn | undefined, options: UpdateHandlerOptions<never[]> = {}): void {
    this.describe('update', name, fn ? options.description : undefined);
    if (!fn) {
      this.updates.delete(name);
      return;
    }
    this.updates.set(name, {
      handler: fn,
      ...(options.validator ? { validator: options.validator as Fn } : {}),
      unfinishedPolicy: options.unfinishedPolicy ?? HandlerUnfinishedPolicy.WARN_AND_ABANDON,
    });
    const waiting = this.bufferedUpdates.filter((u) => u.name === name);
    this.bufferedUpdates = this.bufferedUpdates.filter((u) => u.name !== name);
    for (const job of waiting) this.doUpdate(job);
  }

  deliverSignal(signalName: string, args: Payload[], headers?: Header): void {
    const handler = this.signals.get(signalName);
    if (!handler) this.bufferedSignals.push({ signalName, args, ...(headers ? { headers } : {}) });
    else this.runSignal(signalName, handler, args, headers);
  }

  private runSignal(name: string, handler: Fn, args: Payload[], headers: Header = {}): void {
    const unfinishedPolicy = this.signalPolicies.get(name) ?? HandlerUnfinishedPolicy.WARN_AND_ABANDON;
    const entry: Running = { kind: 'signal', name, unfinishedPolicy };
    this.running.add(entry);
    const execute = composeInterceptors(this.activator.interceptors.inbound, 'handleSignal', async (input) => {
      await handler(...input.args);
    });
    const intercepted = this.activator.interceptors.inbound.some((i) => i.handleSignal);
    this.activator.runHandler(
      () => (intercepted ? execute({ signalName: name, args, headers: headersFromWire(headers) }) : handler(...args)),
      () => this.running.delete(entry),
    );
  }

  /** An update: validate (live only), accept, run the handler, send its result or failure. */
  doUpdate(job: DoUpdate): void {
    if (this.seenUpdates.has(job.updateId)) return; // Sent again while it runs.
    const entry = this.updates.get(job.name);
    if (!entry) {
      if (!this.bufferedUpdates.some((u) => u.updateId === job.updateId)) this.bufferedUpdates.push(job);
      return;
    }
    this.seenUpdates.add(job.updateId);
    const a = this.activator;
    if (job.runValidator && entry.validator) {
      try {
        // As Temporal's: what the validator returns is ignored, a Promise too (not awaited: only a synchronous
        // throw rejects the update). A Promise that rejects is an unhandled rejection, which fails the task.
        const validator = entry.validator;
        const returned: unknown = asLiveCode(a, () =>
          composeInterceptors(a.interceptors.inbound, 'validateUpdate', (input) => validator(...input.args))(this.updateInput(job)),
        );
        if (isThenable(returned)) {
          returned.then(undefined, (err: unknown) =>
            a.failTask(
              new Error(
                `Unhandled Promise rejection in the validator of update '${job.name}': ${String(err)}. ` +
                  'Validators are not awaited: throw synchronously to reject an update.',
                { cause: err },
              ),
            ),
          );
        }
      } catch (err) {
        a.pushCommand({ type: 'RejectWorkflowUpdate', updateId: job.updateId, failure: errorToFailure(err) });
        return;
      }
    }
    a.pushCommand({ type: 'AcceptWorkflowUpdate', updateId: job.updateId });
    const running: Running = { kind: 'update', name: job.name, id: job.updateId, unfinishedPolicy: entry.unfinishedPolicy };
    this.running.add(running);
    const execute = composeInterceptors(
      a.interceptors.inbound,
      'handleUpdate',
      (input) => entry.handler(...input.args) as Promise<unknown>,
    );
    new Promise((resolve) => resolve(execute(this.updateInput(job))))
      .then(
        (value) => {
          const result = toPayload(value, `the result of update ${job.name}`);
          a.pushCommand({ type: 'CompleteWorkflowUpdate', updateId: job.updateId, ...(result !== undefined ? { result } : {}) });
        },
        (err: unknown) => {
          // A TemporalFailure (ApplicationFailure, a cancellation …) fails the update; any other error is a bug: the task fails.
          if (err instanceof TemporalFailure)
            a.pushCommand({ type: 'CompleteWorkflowUpdate', updateId: job.updateId, failure: errorToFailure(err) });
          else a.failTask(err);
        },
      )
      .catch((err: unknown) => a.failTask(err))
      .finally(() => this.running.delete(running));
  }

  /** What the inbound interceptors get of an update: its header as Payloads. */
  private updateInput(job: DoUpdate): UpdateInput {
    return { updateId: job.updateId, name: job.name, args: job.args, headers: headersFromWire(job.headers) };
  }

  /** At the end of an activation: updates whose handler was not set are refused (Temporal's rule). */
  rejectBufferedUpdates(): void {
    const names = [...this.updates.keys()];
    for (const job of this.bufferedUpdates) {
      this.activator.pushCommand({
        type: 'RejectWorkflowUpdate',
        updateId: job.updateId,
        failure: {
          message: `No registered handler for update: ${job.name}. Registered updates: ${names.length ? names.join(', ') : 'none'}.`,
          info: { type: 'application', errorType: 'UpdateNotRegisteredError', nonRetryable: true },
        },
      });
    }
    this.bufferedUpdates = [];
  }

  allFinished(): boolean {
    return this.running.size === 0;
  }

  /** The workflow finishes: name the handlers it leaves running (unless their policy is ABANDON). */
  warnUnfinished(): void {
    const left = [...this.running].filter((r) => r.unfinishedPolicy === HandlerUnfinishedPolicy.WARN_AND_ABANDON);
    if (left.length === 0) return;
    const names = left.map((r) => (r.id ? `${r.kind} ${r.name} (id ${r.id})` : `${r.kind} ${r.name}`)).join(', ');
    this.activator.log({
      level: 'warn',
      message:
        `Workflow finished while handlers were still running: ${names}. Their callers get an error. ` +
        'Wait for them with `await condition(allHandlersFinished)` before returning, or set unfinishedPolicy: HandlerUnfinishedPolicy.ABANDON.',
    });
  }

  query(queryType: string, args: Payload[]): QueryOutcome {
    const handler = this.queries.get(queryType);
    if (!handler) {
      const known = [...this.queries.keys()];
      return {
        failure: {
          message: `Workflow did not register a handler for query '${queryType}'. Registered queries: ${known.length ? known.join(', ') : 'none'}.`,
          info: { type: 'application', errorType: 'QueryNotRegisteredError', nonRetryable: true },
        },
      };
    }
    try {
      const result = handler(...args);
      if (result instanceof Promise) {
        result.catch(() => undefined);
        throw new TypeError(
          `The handler of query '${queryType}' returned a Promise: query handlers must be synchronous and must not change state.`,
        );
      }
      return { result: toPayload(result, `the result of query ${queryType}`) };
    } catch (err) {
      return { failure: errorToFailure(err) };
    }
  }
}

/**
 * Runs `fn` (an update validator) as live, read-only code, as Temporal's: `isReplayingHistoryEvents` is false
 * while it runs (its log lines and sink calls are not muted), then what it was.
 */
function asLiveCode<T>(a: Activator, fn: () => T): T {
  const was = a.info.unsafe.isReplayingHistoryEvents;
  a.info = { ...a.info, unsafe: { ...a.info.unsafe, isReplayingHistoryEvents: false } };
  try {
    return fn();
  } finally {
    a.info = { ...a.info, unsafe: { ...a.info.unsafe, isReplayingHistoryEvents: was } };
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
