// @rewind/sdk/client — the names of @temporalio/client that Rewind supports.
export { Client, type ClientOptions } from './client';
export { Connection, type ConnectionOptions } from './connection';
export {
  WorkflowFailedError,
  WorkflowContinuedAsNewError,
  QueryNotRegisteredError,
  WorkflowUpdateFailedError,
  ScheduleNotFoundError,
  ScheduleAlreadyRunning,
} from './errors';
export {
  ScheduleClient,
  ScheduleHandle,
  ScheduleOverlapPolicy,
  type ScheduleOptions,
  type ScheduleDescription,
  type ScheduleSummary,
  type ScheduleUpdateOptions,
  type ScheduleStartWorkflowAction,
  type SchedulePolicies,
} from './schedule-client';
export type { ScheduleSpec, CalendarSpec } from './schedule-spec';
export { CronSyntaxError } from '../common/cron';
export { WorkflowUpdateHandle, WorkflowUpdateStage, type WorkflowUpdateOptions } from './workflow-update';
export { WorkflowHandle, type WorkflowExecutionDescription, type WorkflowResultOptions } from './workflow-handle';
export {
  WorkflowClient,
  type WorkflowStartOptions,
  type WorkflowHandleWithFirstExecutionRunId,
  type WorkflowSignalWithStartOptions,
  type WorkflowHandleWithSignaledRunId,
  type WorkflowHandleWithStartDetails,
  type WorkflowUpdateWithStartOptions,
} from './workflow-client';
export { WithStartWorkflowOperation } from './with-start-workflow-operation';
export { ConnectionError, ServiceError, UnauthenticatedError } from '../transport/connection-error';
export * from '../common';
export * from './refused-exports';
