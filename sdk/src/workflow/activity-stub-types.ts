// The types of the stubs proxyActivities / proxyLocalActivities give and the options they take (Temporal's
// ActivityFunctionWithOptions, LocalActivityInterfaceFor, ActivityProxyOptions …). Types only.
import type { ActivityFunction, UntypedActivities } from '../common/activity-types';
import type { ActivityOptions, LocalActivityOptions } from './activity-api';

/**
 * No fields: it keeps the activities' type `A` in the options' type, as Temporal's `activityTypeInfo?:
 * ActivityTypeInfoMap<A>` does, a field Rewind refuses at run time (its payloads are JSON with one converter).
 */
type OfActivities<A> = { [K in never]: A };

/** Options of {@link proxyActivities} (Temporal's `ActivityProxyOptions`): its {@link ActivityOptions}, for activities `A`. */
export interface ActivityProxyOptions<A = UntypedActivities> extends ActivityOptions, OfActivities<A> {}

/** Options of {@link proxyLocalActivities} (Temporal's `LocalActivityProxyOptions`): its {@link LocalActivityOptions}, for activities `A`. */
export interface LocalActivityProxyOptions<A = UntypedActivities> extends LocalActivityOptions, OfActivities<A> {}

/** An activity stub of {@link proxyActivities} (Temporal's `ActivityFunctionWithOptions`). */
export type ActivityFunctionWithOptions<T extends ActivityFunction> = T & {
  /**
   * Schedules the activity with the proxy's options overridden by `options` for this call only (a field given
   * replaces the proxy's; `retry` is merged field by field), as Temporal's `executeWithOptions`.
   *
   * @param args the activity's arguments, as an array.
   */
  executeWithOptions(options: ActivityOptions, args: Parameters<T>): Promise<Awaited<ReturnType<T>>>;
};

/** A local activity stub of {@link proxyLocalActivities} (Temporal's `LocalActivityFunctionWithOptions`). */
export type LocalActivityFunctionWithOptions<T extends ActivityFunction> = T & {
  /**
   * Runs the local activity with the proxy's options overridden by `options` for this call only (a field given
   * replaces the proxy's; `retry` is merged field by field), as Temporal's `executeWithOptions`.
   *
   * @param args the activity's arguments, as an array.
   */
  executeWithOptions(options: LocalActivityOptions, args: Parameters<T>): Promise<Awaited<ReturnType<T>>>;
};

/**
 * The local activities of a module as the workflow sees them (Temporal's `LocalActivityInterfaceFor`): as
 * `ActivityInterfaceFor`, each with a local `executeWithOptions`.
 */
export type LocalActivityInterfaceFor<T> = {
  [K in keyof T]: T[K] extends ActivityFunction ? LocalActivityFunctionWithOptions<T[K]> : never;
};
