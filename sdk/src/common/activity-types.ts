// Temporal's names for activities as a workflow sees them: the cancellation types (values and type) and
// the untyped activity function shapes. Pure: loaded in the sandbox and outside it.

/**
 * What cancelling a scheduled activity does (Temporal's `ActivityCancellationType`), set as
 * `cancellationType` in `proxyActivities` options:
 * - `TRY_CANCEL`: ask the activity to stop, and reject the workflow's promise with a `CancelledFailure` at once;
 * - `WAIT_CANCELLATION_COMPLETED`: ask, and reject only once the activity has stopped (completed, failed or
 *   acknowledged the cancellation);
 * - `ABANDON`: reject at once, and do not tell the activity.
 *
 * The values are the strings themselves, so `ActivityCancellationType.ABANDON` and `'ABANDON'` are the same.
 */
export const ActivityCancellationType = {
  TRY_CANCEL: 'TRY_CANCEL',
  WAIT_CANCELLATION_COMPLETED: 'WAIT_CANCELLATION_COMPLETED',
  ABANDON: 'ABANDON',
} as const;
/** One of the values of {@link ActivityCancellationType}. */
export type ActivityCancellationType = (typeof ActivityCancellationType)[keyof typeof ActivityCancellationType];

/**
 * An activity function as a workflow calls it (Temporal's `ActivityFunction`): any arguments, a promise of
 * its result. `any` as in Temporal, so that untyped activity stubs accept what the activity takes.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActivityFunction<P extends any[] = any[], R = any> = (...args: P) => Promise<R>;

/** Activities by name, untyped (Temporal's `UntypedActivities`): what `proxyActivities()` gives without a type argument. */
export type UntypedActivities = Record<string, ActivityFunction>;

/**
 * Activities by name (Temporal's `ActivityInterface`).
 *
 * @deprecated as in Temporal: use {@link UntypedActivities}, or `typeof activities` with `import type`.
 */
export type ActivityInterface = Record<string, ActivityFunction>;
