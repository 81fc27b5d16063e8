// @rewind/sdk/activity — the names of @temporalio/activity that Rewind supports.
export { Context, activityInfo, heartbeat, sleep, cancelled, cancellationSignal, type ActivityInfo } from './context';
export { ApplicationFailure, CancelledFailure } from '../common/failures';
export { log, type Info } from './context';
export { getClient, cancellationDetails, metricMeter } from './context';
export type { ActivityFunction, ActivityInterface, UntypedActivities } from '../common/activity-types';
export * from './refused-exports';
