// The workflow API (Temporal's @temporalio/workflow): activities, timers, conditions, signals,
// queries, info, uuid4. Each call goes to this run's Activator.
import { msToNumber, type Duration } from '../common/duration';
import { compileRetryPolicy, retryPolicyWithDefaults, type RetryPolicy } from '../common/retry-policy';
import { msOptionalToNumber } from '../common/duration';
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '../common/interfaces';
import { toPayloads } from '../common/payloads';
import type { JsonValue } from '../protocol';
import type { ActivityCancellationType } from '../protocol';
import { CancellationScope } from './cancellation-scope';
import { getActivator } from './current-activator';
import type { WorkflowInfo } from './info';
import type { UpdateHandlerOptions } from './message-handlers';

export interface ActivityOptions {
  /** Default: the workflow's task queue. */
  taskQueue?: string;
  startToCloseTimeout?: Duration;
  scheduleToCloseTimeout?: Duration;
  scheduleToStartTimeout?: Duration;
  heartbeatTimeout?: Duration;
  retry?: RetryPolicy;
  /** What cancelling the activity's scope does. Default TRY_CANCEL. */
  cancellationType?: ActivityCancellationType;
  /** Default: the activity's sequence number in this run. */
  activityId?: string;
}

/** The activities of a module as the workflow sees them: every call returns a promise. */
export type ActivityInterfaceFor<T> = {
  [K in keyof T]: T[K] extends (...args: infer P) => infer R ? (...args: P) => Promise<Awaited<R>> : never;
};

/** Options of local activities (Temporal's LocalActivityOptions). */
export interface LocalActivityOptions {
  startToCloseTimeout?: Duration;
  scheduleToCloseTimeout?: Duration;
  retry?: RetryPolicy;
  /** A retry whose backoff is longer than this waits on a durable timer instead of inside the workflow task. Default 1 minute. */
  localRetryThreshold?: Duration;
  /** Default: the activity's sequence number in this run. */
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

/** A proxy whose every property is a function calling `call(activityType, args)`. */
function activityProxy<A>(call: (activityType: string, args: unknown[]) => Promise<unknown>): ActivityInterfaceFor<A> {
  return new Proxy({} as ActivityInterfaceFor<A>, {
    get(_target, activityType) {
      if (typeof activityType !== 'string') throw new TypeError('Activity names must be strings');
      if (activityType === 'then') return undefined; // Not a thenable.
      return (...args: unknown[]): Promise<unknown> => call(activityType, args);
    },
  });
}

/**
 * Typed stubs that run activities in the worker, inside the workflow task: no round trip through the
 * server per step, the outcome recorded as a marker. For short steps (well under the workflow task
 * timeout, 10 s by default); use proxyActivities for anything longer.
 */
export function proxyLocalActivities<A = Record<string, (...args: never[]) => unknown>>(
  options: LocalActivityOptions,
): ActivityInterfaceFor<A> {
  checkOptions('proxyLocalActivities', options);
  const startToCloseTimeoutMs = msOptionalToNumber(options.startToCloseTimeout);
  const scheduleToCloseTimeoutMs = msOptionalToNumber(options.scheduleToCloseTimeout);
  const localRetryThresholdMs = msOptionalToNumber(options.localRetryThreshold) ?? 60_000;
  const retryPolicy = retryPolicyWithDefaults(options.retry ? compileRetryPolicy(options.retry) : undefined);
  return activityProxy<A>((activityType, args) =>
    getActivator().localActivities.execute({
      activityType,
      args: toPayloads(args, `local activity ${activityType}`),
      retryPolicy,
      localRetryThresholdMs,
      ...(startToCloseTimeoutMs !== undefined ? { startToCloseTimeoutMs } : {}),
      ...(scheduleToCloseTimeoutMs !== undefined ? { scheduleToCloseTimeoutMs } : {}),
      ...(options.activityId ? { activityId: options.activityId } : {}),
    }),
  );
}

/** Typed stubs that schedule activities: `const { charge } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' })`. */
export function proxyActivities<A = Record<string, (...args: never[]) => unknown>>(options: ActivityOptions): ActivityInterfaceFor<A> {
  checkOptions('proxyActivities', options);
  // Check the options now (a typo in a duration fails at once, not at the first call).
  const startToCloseTimeoutMs = msOptionalToNumber(options.startToCloseTimeout);
  const scheduleToCloseTimeoutMs = msOptionalToNumber(options.scheduleToCloseTimeout);
  const scheduleToStartTimeoutMs = msOptionalToNumber(options.scheduleToStartTimeout);
  const heartbeatTimeoutMs = msOptionalToNumber(options.heartbeatTimeout);
  const retryPolicy = options.retry ? compileRetryPolicy(options.retry) : undefined;
  return activityProxy<A>((activityType, args) => {
    const activator = getActivator();
    return activator.activities.schedule(
      {
        type: 'ScheduleActivityTask',
        activityType,
        taskQueue: options.taskQueue ?? activator.info.taskQueue,
        args: toPayloads(args, `activity ${activityType}`),
        ...(startToCloseTimeoutMs !== undefined ? { startToCloseTimeoutMs } : {}),
        ...(scheduleToCloseTimeoutMs !== undefined ? { scheduleToCloseTimeoutMs } : {}),
        ...(scheduleToStartTimeoutMs !== undefined ? { scheduleToStartTimeoutMs } : {}),
        ...(heartbeatTimeoutMs !== undefined ? { heartbeatTimeoutMs } : {}),
        ...(retryPolicy ? { retryPolicy } : {}),
        ...(options.activityId ? { activityId: options.activityId } : {}),
      },
      options.cancellationType ?? 'TRY_CANCEL',
    );
  });
}

/** A durable timer: survives restarts of the worker and the server. */
export function sleep(ms: Duration): Promise<void> {
  return getActivator().timers.sleep(msToNumber(ms));
}

/** Waits until `fn` returns true; with a timeout, resolves false if it did not in time. */
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

export function defineSignal<Args extends unknown[] = [], Name extends string = string>(name: Name): SignalDefinition<Args, Name> {
  return { type: 'signal', name };
}

export function defineQuery<Ret, Args extends unknown[] = [], Name extends string = string>(name: Name): QueryDefinition<Ret, Args, Name> {
  return { type: 'query', name };
}

/** An update: a request the workflow handles (validator, then handler) and answers with a result or an error. */
export function defineUpdate<Ret, Args extends unknown[] = [], Name extends string = string>(
  name: Name,
): UpdateDefinition<Ret, Args, Name> {
  return { type: 'update', name };
}

export type Handler<D> =
  D extends SignalDefinition<infer A>
    ? (...args: A) => void | Promise<void>
    : D extends QueryDefinition<infer R, infer A>
      ? (...args: A) => R
      : D extends UpdateDefinition<infer R, infer A>
        ? (...args: A) => R | Promise<R>
        : never;

type Definition = SignalDefinition<unknown[]> | QueryDefinition<unknown, unknown[]> | UpdateDefinition<unknown, unknown[]>;

/** Options of setHandler for an update; `validator` takes the update's arguments. */
export type SetHandlerOptions<D> = D extends UpdateDefinition<unknown, infer A> ? UpdateHandlerOptions<A> : { description?: string };

/** Sets (or, with undefined, removes) the handler of a signal, query or update. */
export function setHandler<D extends Definition>(def: D, handler: Handler<D> | undefined, options?: SetHandlerOptions<D>): void {
  const { handlers } = getActivator();
  const fn = handler as ((...args: unknown[]) => unknown) | undefined;
  if (fn !== undefined && typeof fn !== 'function') throw new TypeError(`The handler of ${def.type} '${def.name}' must be a function.`);
  if (def.type === 'signal') handlers.setSignal(def.name, fn);
  else if (def.type === 'query') handlers.setQuery(def.name, fn);
  else if (def.type === 'update') handlers.setUpdate(def.name, fn, options as UpdateHandlerOptions<never[]> | undefined);
  else throw new TypeError(`setHandler needs a definition from defineSignal, defineQuery or defineUpdate, got ${JSON.stringify(def)}`);
}

/** True when no signal or update handler is running: `await condition(allHandlersFinished)` before the workflow returns. */
export function allHandlersFinished(): boolean {
  return getActivator().handlers.allFinished();
}

/**
 * Sets search attributes of this run (each a list of values; an empty list removes one): `describe`
 * shows them and list filters find the run by them, e.g. `Customer = 'ada'`.
 */
export function upsertSearchAttributes(searchAttributes: Record<string, readonly unknown[]>): void {
  if (searchAttributes === null || typeof searchAttributes !== 'object')
    throw new TypeError('upsertSearchAttributes takes an object of lists');
  const activator = getActivator();
  const values: Record<string, JsonValue[]> = {};
  for (const [key, list] of Object.entries(searchAttributes)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new TypeError(`Search attribute names are letters, digits and _: ${JSON.stringify(key)}`);
    if (!Array.isArray(list)) throw new TypeError(`Search attribute ${key} takes a list of values, e.g. { ${key}: ['value'] }`);
    values[key] = toPayloads(list, `search attribute ${key}`);
  }
  activator.pushCommand({ type: 'UpsertWorkflowSearchAttributes', searchAttributes: values });
  const merged = { ...activator.info.searchAttributes };
  for (const [key, list] of Object.entries(values)) {
    if (list.length === 0) delete merged[key];
    else merged[key] = list;
  }
  activator.info = { ...activator.info, searchAttributes: merged };
}

export function workflowInfo(): WorkflowInfo {
  return getActivator().info;
}

/** A random UUID v4, the same on every replay (it uses the workflow's seeded Math.random). */
export function uuid4(): string {
  const hex = (n: number): string => Math.floor(n).toString(16).padStart(2, '0');
  const b = Array.from({ length: 16 }, () => Math.random() * 256);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map(hex).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Versioning: true on the new code path. Runs that started before the change replay it as false (their
 * history has no marker of this patch); runs that take it record a marker and replay it as true.
 */
export function patched(patchId: string): boolean {
  return getActivator().patch(patchId, false);
}

/**
 * Once no run that started before the patch is open: the old branch can go; keep this call (with the
 * same id) until no run that recorded the patch is open either.
 */
export function deprecatePatch(patchId: string): void {
  getActivator().patch(patchId, true);
}

export function isReplaying(): boolean {
  return getActivator().isReplaying;
}
