// The workflow API (Temporal's @temporalio/workflow): activities, timers, conditions, signals,
// queries, info, uuid4. Each call goes to this run's Activator.
import { definedFields } from '../common/defined-fields';
import { msToNumber, type Duration } from '../common/duration';
import { compileRetryPolicy, retryPolicyWithDefaults, type RetryPolicy } from '../common/retry-policy';
import { msOptionalToNumber } from '../common/duration';
import type { ActivityFunction, UntypedActivities } from '../common/activity-types';
import { deepMerge } from '../common/deep-merge';
import type {
  ActivityFunctionWithOptions,
  ActivityProxyOptions,
  LocalActivityInterfaceFor,
  LocalActivityProxyOptions,
} from './activity-stub-types';
import type { LocalActivityCall } from './local-activities';
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '../common/interfaces';
import { toPayloads } from '../common/payloads';
import type { ActivityCancellationType } from '../protocol';
import { CancellationScope } from './cancellation-scope';
import { activityCommand } from './activities';
import { getActivator, inWorkflowContext } from './current-activator';
import { uuid4From } from './alea';
import type { WorkflowInfo } from './info';
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
 * How the activities of a {@link proxyActivities} run (Temporal's `ActivityOptions`). `startToCloseTimeout`
 * or `scheduleToCloseTimeout` is required.
 */
export interface ActivityOptions {
  /**
   * The task queue whose workers run the activities.
   *
   * @default the workflow's task queue
   */
  taskQueue?: string;
  /**
   * The longest one attempt may run; past it the attempt fails with a `START_TO_CLOSE` timeout and is
   * retried per `retry` (the worker is told to stop it). Set this (Temporal recommends it), or
   * `scheduleToCloseTimeout`.
   */
  startToCloseTimeout?: Duration;
  /**
   * The longest the activity may take from its scheduling to its end, all attempts and backoffs included;
   * past it the activity fails with a `SCHEDULE_TO_CLOSE` timeout, whatever `retry` says.
   *
   * @default unlimited
   */
  scheduleToCloseTimeout?: Duration;
  /**
   * The longest the activity may wait for a worker to take it; past it the activity fails with a
   * `SCHEDULE_TO_START` timeout (not retried: another worker would not come sooner).
   *
   * @default unlimited
   */
  scheduleToStartTimeout?: Duration;
  /**
   * The longest an attempt may go without a heartbeat (`heartbeat()` in the activity); past it the attempt
   * fails with a `HEARTBEAT` timeout and is retried. Set it for long activities, so that a stuck one is
   * noticed before its start-to-close timeout.
   *
   * @default none: heartbeats are not required
   */
  heartbeatTimeout?: Duration;
  /**
   * How failed attempts are retried.
   *
   * @default 1 s, ×2 each time, up to 100 s, unlimited attempts (see {@link RetryPolicy})
   */
  retry?: RetryPolicy;
  /**
   * What cancelling the activity's `CancellationScope` does: `TRY_CANCEL` (ask the activity to stop, and
   * reject with a `CancelledFailure` at once), `WAIT_CANCELLATION_COMPLETED` (ask, and wait until the
   * activity has stopped), or `ABANDON` (reject at once and do not tell the activity).
   *
   * @default 'TRY_CANCEL'
   */
  cancellationType?: ActivityCancellationType;
  /**
   * The activity's id in the run (`activityInfo().activityId`).
   *
   * @default the activity's sequence number in this run
   */
  activityId?: string;
}

/**
 * The activities of a module as the workflow sees them (Temporal's `ActivityInterfaceFor`): the same
 * functions, each returning a promise of its result and with `executeWithOptions` to override the proxy's
 * options for one call (`proxyActivities<typeof activities>()`). A property that is not a function returning
 * a promise is `never`: activities must be async (Temporal marks them `NotAnActivityMethod`).
 */
export type ActivityInterfaceFor<T> = {
  [K in keyof T]: T[K] extends ActivityFunction ? ActivityFunctionWithOptions<T[K]> : never;
};

/**
 * How the activities of a {@link proxyLocalActivities} run (Temporal's `LocalActivityOptions`).
 * `startToCloseTimeout` or `scheduleToCloseTimeout` is required.
 */
export interface LocalActivityOptions {
  /** The longest one attempt may run; past it the attempt fails with a `START_TO_CLOSE` timeout and is retried. */
  startToCloseTimeout?: Duration;
  /** The longest the local activity may take, all attempts and backoffs included. */
  scheduleToCloseTimeout?: Duration;
  /**
   * How failed attempts are retried (in the worker, not by the server).
   *
   * @default 1 s, ×2 each time, up to 100 s, unlimited attempts (see {@link RetryPolicy})
   */
  retry?: RetryPolicy;
  /**
   * A retry whose backoff is longer than this (or than half the workflow task timeout) waits on a durable
   * timer, recorded in history, instead of inside the workflow task, so a worker never holds a task for long.
   *
   * @default 1 minute
   */
  localRetryThreshold?: Duration;
  /**
   * The activity's id in the run.
   *
   * @default the activity's sequence number in this run
   */
  activityId?: string;
}

function checkOptions(fn: string, options: ActivityOptions | LocalActivityOptions | undefined): void {
  if (options === undefined || options === null || typeof options !== 'object') {
    throw new TypeError(`${fn} needs options, e.g. { startToCloseTimeout: "1 minute" }`);
  }
  if (options.startToCloseTimeout === undefined && options.scheduleToCloseTimeout === undefined) {
    throw new TypeError(`Required either scheduleToCloseTimeout or startToCloseTimeout in ${fn} options`);
  }
}

/**
 * A proxy whose every property is a function calling `call(activityType, args, options)` with the proxy's
 * options, and whose `executeWithOptions(override, args)` calls it with them deep-merged with `override`
 * (a field of `override` replaces the proxy's, a nested object such as `retry` is merged field by field).
 */
function activityProxy<O extends object, I>(
  fn: string,
  options: O & { activityTypeInfo?: unknown },
  call: (activityType: string, args: unknown[], options: O) => Promise<unknown>,
): I {
  if ('activityTypeInfo' in options && options.activityTypeInfo !== undefined) {
    throw new TypeError(
      `${fn}: activityTypeInfo is not supported: Rewind's payloads are JSON with one fixed converter; pass JSON values to the activities.`,
    );
  }
  return new Proxy({} as object, {
    get(_target, activityType) {
      if (typeof activityType !== 'string') throw new TypeError('Activity names must be strings');
      if (activityType === 'then') return undefined; // Not a thenable.
      const stub = (...args: unknown[]): Promise<unknown> => call(activityType, args, options);
      stub.executeWithOptions = (override: O, args: unknown[]): Promise<unknown> => {
        if (!Array.isArray(args)) {
          throw new TypeError(`${activityType}.executeWithOptions(options, args) takes the activity's arguments as an array.`);
        }
        return call(activityType, args, deepMerge(options, override));
      };
      return stub;
    },
  }) as I;
}

/**
 * Typed stubs that run activities as local activities (Temporal's `proxyLocalActivities`): the worker
 * runs them itself, inside the workflow task, with no round trip through the server per call; each
 * outcome is recorded in history as a marker, and replay reads the marker instead of running the
 * function again. Retries happen in the worker. For short steps, well under the workflow task timeout
 * (10 s by default); use {@link proxyActivities} for anything longer, or anything that must heartbeat.
 *
 * ```ts
 * const { validateAddress } = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '5 seconds' });
 * ```
 *
 * @throws TypeError (at once) if neither `startToCloseTimeout` nor `scheduleToCloseTimeout` is given, or a duration is not one.
 */
export function proxyLocalActivities<A = UntypedActivities>(options: LocalActivityProxyOptions<A>): LocalActivityInterfaceFor<A> {
  checkOptions('proxyLocalActivities', options);
  localActivityCall('check', [], options); // A typo in a duration fails at once, not at the first call.
  return activityProxy<LocalActivityOptions, LocalActivityInterfaceFor<A>>('proxyLocalActivities', options, (activityType, args, o) =>
    getActivator().localActivities.execute(localActivityCall(activityType, args, o), o),
  );
}

/** What the runtime runs for one local activity call with these options. */
function localActivityCall(activityType: string, args: unknown[], options: LocalActivityOptions): LocalActivityCall {
  const startToCloseTimeoutMs = msOptionalToNumber(options.startToCloseTimeout);
  const scheduleToCloseTimeoutMs = msOptionalToNumber(options.scheduleToCloseTimeout);
  return {
    activityType,
    args: toPayloads(args, `local activity ${activityType}`),
    retryPolicy: retryPolicyWithDefaults(options.retry ? compileRetryPolicy(options.retry) : undefined),
    localRetryThresholdMs: msOptionalToNumber(options.localRetryThreshold) ?? 60_000,
    // An empty activity id is none.
    ...definedFields({ startToCloseTimeoutMs, scheduleToCloseTimeoutMs, activityId: options.activityId || undefined }),
  };
}

/**
 * Typed stubs that schedule activities, as Temporal's `proxyActivities`: each call schedules the activity
 * with these options (a command recorded in history), a worker of the task queue runs it, and the returned
 * promise resolves with its result, or rejects with an `ActivityFailure` (its `cause` says why) once it
 * failed for good after its retries. If the worker or the server dies meanwhile, the workflow waits and
 * goes on where it was: the result comes from history on replay, and the activity is not run again once it
 * completed.
 *
 * ```ts
 * import type * as activities from './activities';
 * const { charge } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5 } });
 * const receipt = await charge(orderId);
 * ```
 *
 * Import the activities module with `import type`: workflow code must not load it (it runs outside the sandbox).
 *
 * @throws TypeError (at once) if neither `startToCloseTimeout` nor `scheduleToCloseTimeout` is given, or a duration is not one.
 */
export function proxyActivities<A = UntypedActivities>(options: ActivityProxyOptions<A>): ActivityInterfaceFor<A> {
  checkOptions('proxyActivities', options);
  // Check the options now (a typo in a duration fails at once, not at the first call).
  activityCommand({ activityType: 'check', args: [], options, headers: {}, seq: 0 }, '');
  // Each call goes through the run's outbound interceptors (scheduleActivity) to its command.
  return activityProxy<ActivityOptions, ActivityInterfaceFor<A>>('proxyActivities', options, (activityType, args, o) =>
    getActivator().activities.call(activityType, args, o),
  );
}

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
 * @throws TypeError if a name is not such a name or a value is not a list (or not of its key's type).
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
  activator.pushCommand({
    type: 'UpsertWorkflowSearchAttributes',
    searchAttributes: values,
    ...(types ? { searchAttributeTypes: types } : {}),
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
