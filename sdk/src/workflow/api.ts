// The workflow API (Temporal's @temporalio/workflow): timers, conditions, signals, queries, updates,
// info, search attributes, uuid4, patches (activities: activity-api.ts). Each call goes to this run's Activator.
import { msToNumber, type Duration } from '../common/duration';
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '../common/interfaces';
import { CancellationScope } from './cancellation-scope';
import { getActivator, inWorkflowContext } from './current-activator';
import { uuid4From } from './alea';
import type { WorkflowInfo } from './info';
import { CHANGE_VERSION_ATTRIBUTE } from './change-version';
import { TemporalCoreFlags } from './flags';
import type { SearchAttributes as WireSearchAttributes } from '../protocol';
import {
  searchAttributesToWire,
  searchAttributeTypesToWire,
  type SearchAttributes,
  type SearchAttributeValue,
} from '../common/search-attributes';
import { TypedSearchAttributes, type SearchAttributeUpdatePair } from '../common/typed-search-attributes';
import type { UpdateHandlerOptions } from './message-handlers';
import type { HandlerUnfinishedPolicy } from '../common/handler-unfinished-policy';
import { throwIfReservedName } from '../common/reserved-names';

/**
 * Waits for `ms` on a durable timer, as Temporal's `sleep`: the timer is kept by the server, so it survives
 * restarts of the worker and the server (a `sleep('30 days')` costs nothing while it waits), and replay
 * does not wait again. Cancellation-aware: if its `CancellationScope` is cancelled, the timer is cancelled
 * and the promise rejects with a `CancelledFailure`.
 *
 * @param ms a {@link Duration}: milliseconds, or a string such as `'10 seconds'` or `'30 days'`.
 */
export function sleep(ms: Duration): Promise<void> {
  return getActivator().timers.sleep(msToNumber(ms));
}

/**
 * Waits until `fn` returns true, as Temporal's `condition`. `fn` is checked after every change the
 * workflow sees (a signal or update handled, an activity or timer resolved), so it must only read the
 * workflow's state, with no side effects. With a `timeout` (a durable timer), it resolves `true` once `fn`
 * holds, or `false` if the timeout passed first. Cancellation-aware: rejects with a `CancelledFailure` if
 * its `CancellationScope` is cancelled.
 *
 * ```ts
 * const approved = await condition(() => decision !== undefined, '24 hours');
 * ```
 *
 * @param timeout a {@link Duration}; without one, it waits for as long as it takes and resolves with nothing.
 */
export function condition(fn: () => boolean, timeout: Duration): Promise<boolean>;
export function condition(fn: () => boolean): Promise<void>;
export async function condition(fn: () => boolean, timeout?: Duration): Promise<void | boolean> {
  const activator = getActivator();
  if (timeout === undefined) return activator.blockOn(fn);
  const ms = msToNumber(timeout);
  return CancellationScope.cancellable(async () => {
    try {
      return await Promise.race([activator.timers.sleep(ms).then(() => false), activator.blockOn(fn).then(() => true)]);
    } finally {
      CancellationScope.current().cancel();
    }
  });
}

/**
 * Defines a signal: a message a client sends to a running workflow (`handle.signal`) without an answer.
 * Define it in a module both the workflow and the client import; handle it with {@link setHandler}.
 *
 * ```ts
 * export const approve = defineSignal<[approver: string]>('approve');
 * ```
 *
 * @param name the signal's name, as it travels (and as `handle.signal('approve')` would give it).
 */
export function defineSignal<Args extends unknown[] = [], Name extends string = string>(name: Name): SignalDefinition<Args, Name> {
  return { type: 'signal', name };
}

/**
 * Defines a query: a question a client asks a workflow (`handle.query`), answered by a synchronous handler
 * that reads the workflow's state and must not change it. Handle it with {@link setHandler}.
 *
 * ```ts
 * export const status = defineQuery<string>('status');
 * ```
 *
 * @param name the query's name, as it travels.
 */
export function defineQuery<Ret, Args extends unknown[] = [], Name extends string = string>(name: Name): QueryDefinition<Ret, Args, Name> {
  return { type: 'query', name };
}

/**
 * Defines an update: a request a client sends to a workflow (`handle.executeUpdate`) that the workflow
 * handles, possibly changing its state and awaiting activities, and answers with a result or an error. An
 * optional validator may reject it before it is accepted (a rejected update leaves no trace in history).
 * Handle it with {@link setHandler}.
 *
 * ```ts
 * export const setDiscount = defineUpdate<number, [percent: number]>('setDiscount');
 * ```
 *
 * @param name the update's name, as it travels.
 */
export function defineUpdate<Ret, Args extends unknown[] = [], Name extends string = string>(
  name: Name,
): UpdateDefinition<Ret, Args, Name> {
  return { type: 'update', name };
}

/** The handler a {@link setHandler} takes for a definition: a signal's (may be async), a query's (synchronous, returns the answer), an update's (may be async, returns the result). */
export type Handler<D> =
  D extends SignalDefinition<infer A>
    ? (...args: A) => void | Promise<void>
    : D extends QueryDefinition<infer R, infer A>
      ? (...args: A) => R
      : D extends UpdateDefinition<infer R, infer A>
        ? (...args: A) => R | Promise<R>
        : never;

type Definition = SignalDefinition<unknown[]> | QueryDefinition<unknown, unknown[]> | UpdateDefinition<unknown, unknown[]>;

/** Options of `setHandler` for a signal (Temporal's `SignalHandlerOptions`). */
export interface SignalHandlerOptions {
  /** What the signal does, for people: the `__temporal_workflow_metadata` query lists it with the signal's name. */
  description?: string;
  /**
   * Whether to warn when the workflow closes while this handler still runs.
   *
   * @default HandlerUnfinishedPolicy.WARN_AND_ABANDON
   */
  unfinishedPolicy?: HandlerUnfinishedPolicy;
}

/**
 * Options of {@link setHandler}: for an update, {@link UpdateHandlerOptions} (a `validator`, …); for a
 * signal, {@link SignalHandlerOptions}; for a query, a `description`.
 */
export type SetHandlerOptions<D> =
  D extends UpdateDefinition<unknown, infer A>
    ? UpdateHandlerOptions<A>
    : D extends SignalDefinition<unknown[]>
      ? SignalHandlerOptions
      : { description?: string };

/**
 * Sets the handler of a signal, query or update (or removes it, given `undefined`), as Temporal's
 * `setHandler`. Set handlers at the start of the workflow function. Signals that arrived before their
 * handler was set are buffered and delivered, in order, when it is; an update with no handler by the end
 * of the workflow task is rejected; a query with none fails with `QueryNotRegisteredError`.
 *
 * Signal and update handlers may be async: they run alongside the workflow function (use
 * {@link allHandlersFinished} before returning so none is cut short). A query handler must be synchronous
 * and must not change state. An update's `validator` (in `options`) runs first, synchronously; throwing
 * there rejects the update.
 *
 * ```ts
 * setHandler(approve, (approver) => { approvedBy = approver; });
 * setHandler(status, () => state);
 * setHandler(setDiscount, async (percent) => { discount = percent; return total(); }, { validator: (p) => { if (p > 50) throw new Error('too much'); } });
 * ```
 *
 * A `description` in `options` is listed with the handler's name by the built-in
 * `__temporal_workflow_metadata` query (which tools such as Rewind's extension read).
 *
 * @throws TypeError if the handler is not a function or the definition is not one, or if the name is
 * Temporal's (`__stack_trace`, `__enhanced_stack_trace`, or one that starts with `__temporal_`).
 */
export function setHandler<D extends Definition>(def: D, handler: Handler<D> | undefined, options?: SetHandlerOptions<D>): void {
  const { handlers } = getActivator();
  const fn = handler as ((...args: unknown[]) => unknown) | undefined;
  if (def.type === 'signal' || def.type === 'query' || def.type === 'update') throwIfReservedName(def.type, def.name);
  if (fn !== undefined && typeof fn !== 'function') throw new TypeError(`The handler of ${def.type} '${def.name}' must be a function.`);
  const description = (options as { description?: string } | undefined)?.description;
  if (def.type === 'signal') handlers.setSignal(def.name, fn, options as SignalHandlerOptions | undefined);
  else if (def.type === 'query') handlers.setQuery(def.name, fn, description);
  else if (def.type === 'update') handlers.setUpdate(def.name, fn, options as UpdateHandlerOptions<never[]> | undefined);
  else throw new TypeError(`setHandler needs a definition from defineSignal, defineQuery or defineUpdate, got ${JSON.stringify(def)}`);
}

/**
 * The run's current details (Temporal's `getCurrentDetails`): what {@link setCurrentDetails} set last, ''
 * if nothing.
 */
export function getCurrentDetails(): string {
  return getActivator().currentDetails;
}

/**
 * Sets the run's current details (Temporal's `setCurrentDetails`): a short text, such as Markdown, that
 * says what the run is doing now. The built-in `__temporal_workflow_metadata` query answers it (Temporal's
 * UI and Rewind's extension show it). It is not recorded in history: a run replayed from its history
 * sets it again as its code runs.
 */
export function setCurrentDetails(details: string): void {
  const activator = getActivator();
  if (typeof details !== 'string')
    throw new TypeError(`setCurrentDetails takes a string, got ${typeof details}: pass text (JSON.stringify a value).`);
  activator.currentDetails = details;
}

/**
 * Whether no signal or update handler is still running (Temporal's `allHandlersFinished`). Before the
 * workflow function returns, `await condition(allHandlersFinished)`, so that async handlers finish and
 * updates get their answers: a handler still running when the workflow closes is abandoned (with a
 * warning, unless its `unfinishedPolicy` is `ABANDON`).
 */
export function allHandlersFinished(): boolean {
  return getActivator().handlers.allFinished();
}

/**
 * Sets search attributes of this run, as Temporal's `upsertSearchAttributes`: either a record of names and
 * lists of values (`{ Customer: ['ada'] }`; `undefined` or `[]` removes one), or typed pairs
 * (`[{ key: Customer, value: 'ada' }]`; a `null` value removes one), merged into the run's.
 * `describe()` shows them, list filters find the run by them (`Customer = 'ada'`), and
 * `workflowInfo().searchAttributes` and `.typedSearchAttributes` have them at once. Recorded in history.
 *
 * @param searchAttributes names of letters, digits and `_`, each with a list of values; or typed pairs.
 * @throws TypeError if a name is not such a name or a value is not a list (or not of its key's type), or
 *   for `TemporalChangeVersion`, which `patched()` sets.
 */
export function upsertSearchAttributes(searchAttributes: SearchAttributes | SearchAttributeUpdatePair[]): void {
  if (searchAttributes === null || typeof searchAttributes !== 'object')
    throw new TypeError('upsertSearchAttributes takes an object of lists, or a list of typed pairs ({ key, value })');
  const activator = getActivator();
  const pairs = Array.isArray(searchAttributes) ? searchAttributes : undefined;
  for (const key of pairs ? pairs.map((p) => p.key?.name) : Object.keys(searchAttributes)) {
    if (typeof key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new TypeError(`Search attribute names are letters, digits and _: ${JSON.stringify(key)}`);
  }
  let values: WireSearchAttributes;
  try {
    values = searchAttributesToWire(pairs ? undefined : (searchAttributes as SearchAttributes), pairs, true) ?? {};
  } catch (err) {
    throw new TypeError((err as Error).message, { cause: err });
  }
  const types = searchAttributeTypesToWire(pairs);
  // With core flag 2, sdk-core sends such an upsert emptied (its server then refuses it): refused live, emptied in replay.
  const emptied =
    CHANGE_VERSION_ATTRIBUTE in values && activator.flags.coreFlag(TemporalCoreFlags.UpsertSearchAttributeOnPatch, activator.isReplaying);
  if (emptied && !activator.isReplaying)
    throw new TypeError(
      `upsertSearchAttributes cannot set ${CHANGE_VERSION_ATTRIBUTE}: patched() and deprecatePatch() set it to the patches the run took ` +
        "(Temporal's core sends such an upsert emptied, which its server refuses). Use a search attribute of your own.",
    );
  activator.pushCommand({
    type: 'UpsertWorkflowSearchAttributes',
    searchAttributes: emptied ? {} : values,
    ...(types && !emptied ? { searchAttributeTypes: types } : {}),
  });
  const merged = { ...activator.info.searchAttributes };
  for (const [key, list] of Object.entries(values)) {
    if (list.length === 0) delete merged[key];
    else merged[key] = list as SearchAttributeValue;
  }
  // Typed pairs keep their types (a removal only of an attribute of the key's type, as Temporal's);
  // untyped values are read as their JSON suggests.
  const typedSearchAttributes = pairs
    ? activator.info.typedSearchAttributes.updateCopy(pairs)
    : TypedSearchAttributes.fromJson(merged as Record<string, readonly unknown[]>);
  activator.info = { ...activator.info, searchAttributes: merged, typedSearchAttributes };
}

/**
 * What the workflow knows of its own execution (Temporal's `workflowInfo`): its ids, type, task queue,
 * namespace, attempt, times, timeouts, history length, memo and search attributes, and, for a cron run,
 * the last run's result or failure. Read it each time it is needed: some fields change as the run goes on.
 *
 * @throws IllegalStateError outside workflow code.
 */
export function workflowInfo(): WorkflowInfo {
  return getActivator().info;
}

/**
 * A random UUID (v4) that is the same on every replay of the run (Temporal's `uuid4`): it draws from
 * the run's generator, as `Math.random` does, and gives the ids `@temporalio/workflow` gives for the same
 * run. Use it for ids the workflow makes (an idempotency key for an activity); `crypto.randomUUID` is not
 * available in workflow code.
 */
export function uuid4(): string {
  const activator = inWorkflowContext() ? getActivator() : undefined;
  if (!activator || activator.temporalRandomness) return uuid4From(activator?.random ?? Math.random);
  // Runs recorded before the TemporalRandomness flag: sixteen draws, one a byte.
  const hex = (n: number): string => Math.floor(n).toString(16).padStart(2, '0');
  const b = Array.from({ length: 16 }, () => activator.random() * 256);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map(hex).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Changes workflow code safely for runs already going (Temporal's `patched`): returns true on the new
 * code path. A run executing live takes it, and a marker recorded in history remembers that; on replay,
 * a run whose history has the marker gets true and one that started before the change (no marker) gets
 * false, so it replays the old path it ran.
 *
 * ```ts
 * if (patched('send-receipt')) await sendReceipt(orderId); // new code
 * else await sendEmail(orderId, 'confirmed'); // the path older runs took
 * ```
 *
 * Once no open run took the old path, replace the `if` with {@link deprecatePatch} and keep only the new code.
 *
 * @param patchId names the change; the same id in each place the change touches.
 */
export function patched(patchId: string): boolean {
  return getActivator().patch(patchId, false);
}

/**
 * The second step of removing a patch (Temporal's `deprecatePatch`): once no open run took the old path
 * of `patched(patchId)`, the old branch can go and this call takes the place of the `if`. Runs that
 * recorded the patch still replay; keep the call, with the same id, until no run that recorded it is open,
 * then delete it.
 *
 * @param patchId the id given to `patched`.
 */
export function deprecatePatch(patchId: string): void {
  getActivator().patch(patchId, true);
}

/**
 * Whether the workflow code is being replayed from history (rebuilding a run the worker did not have in
 * memory, a query, `runReplayHistory`) rather than running a new workflow task. Do not branch workflow
 * logic on it: that breaks determinism. `log` is already muted while replaying.
 */
export function isReplaying(): boolean {
  return getActivator().isReplaying;
}
