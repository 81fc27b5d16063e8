// Temporal's name for the stubs of proxyLocalActivities: the same shape as proxyActivities' stubs.
import type { ActivityInterfaceFor } from './api';

/** The local activities of a module as the workflow sees them (Temporal's `LocalActivityInterfaceFor`): see {@link ActivityInterfaceFor}. */
export type LocalActivityInterfaceFor<T> = ActivityInterfaceFor<T>;
