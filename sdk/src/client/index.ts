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
export { ScheduleClient, type ScheduleHandle, type ScheduleClientOptions } from './schedule-client';
export {
  ScheduleOverlapPolicy,
  type ScheduleOptions,
  type ScheduleDescription,
  type ScheduleSummary,
  type ScheduleUpdateOptions,
  type ScheduleStartWorkflowAction,
  type SchedulePolicies,
  type Backfill,
  type ScheduleExecutionResult,
  type ScheduleExecutionActionResult,
  type ScheduleExecutionStartWorkflowActionResult,
  type ScheduleSummaryAction,
  type ScheduleSummaryStartWorkflowAction,
} from './schedule-types';
export {
  MONTHS,
  DAYS_OF_WEEK,
  type ScheduleSpec,
  type CalendarSpec,
  type IntervalSpec,
  type ScheduleSpecDescription,
  type IntervalSpecDescription,
  type Range,
  type LooseRange,
  type Month,
  type DayOfWeek,
} from './schedule-spec';
export { CronSyntaxError } from '../common/cron';
export { WorkflowUpdateStage, type WorkflowUpdateHandle, type WorkflowUpdateOptions } from './workflow-update';
export type { WorkflowHandle, WorkflowExecutionDescription, WorkflowExecutionStatusName, WorkflowResultOptions } from './workflow-handle';
export {
  WorkflowClient,
  type WorkflowClientOptions,
  type WorkflowStartOptions,
  type WorkflowHandleWithFirstExecutionRunId,
  type WorkflowSignalWithStartOptions,
  type WorkflowHandleWithSignaledRunId,
  type WorkflowHandleWithStartDetails,
  type WorkflowUpdateWithStartOptions,
} from './workflow-client';
export { WithStartWorkflowOperation } from './with-start-workflow-operation';
export { ConnectionError, ServiceError, UnauthenticatedError } from '../transport/connection-error';
export {
  WorkflowService,
  OperatorService,
  TestService,
  HealthService,
  isGrpcServiceError,
  isGrpcDeadlineError,
  isGrpcCancelledError,
  isServerErrorResponse,
  type Metadata,
  type CallContext,
  type WorkflowExecution,
  type StartWorkflowExecutionRequest,
  type GetWorkflowExecutionHistoryRequest,
  type DescribeWorkflowExecutionResponse,
  type RawWorkflowExecutionInfo,
  type TerminateWorkflowExecutionResponse,
  type RequestCancelWorkflowExecutionResponse,
} from './grpc-api';
export * from '../common';
export * from './refused-exports';
