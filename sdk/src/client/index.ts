// @rewind/sdk/client — the names of @temporalio/client that Rewind supports.
export { Client, type ClientOptions } from './client';
export { Connection, type ConnectionOptions } from './connection';
export { WorkflowFailedError, WorkflowContinuedAsNewError, QueryNotRegisteredError, WorkflowUpdateFailedError } from './errors';
export { WorkflowUpdateHandle, WorkflowUpdateStage, type WorkflowUpdateOptions } from './workflow-update';
export { WorkflowHandle, type WorkflowExecutionDescription, type WorkflowResultOptions } from './workflow-handle';
export {
  WorkflowClient,
  type WorkflowStartOptions,
  type WorkflowHandleWithFirstExecutionRunId,
  type WorkflowSignalWithStartOptions,
  type WorkflowHandleWithSignaledRunId,
} from './workflow-client';
export { ConnectionError, ServiceError } from '../transport/connection-error';
export * from '../common';
