// @rewind/sdk/common — the names of @temporalio/common that Rewind supports.
export * from './duration';
export * from './errors';
export * from './failures';
export * from './failure-convert';
export * from './payloads';
export * from './retry-policy';
export { assertNever } from './type-helpers';
export type { Payload, JsonValue } from '../protocol/payload';
export type { Failure as ProtoFailure } from '../protocol/failure';
export type { ExecutionStatus, History, HistoryEvent } from '../protocol/history';
export type { SearchAttributes } from '../protocol/search-attributes';
export * from './interfaces';
export * from './activity-types';
export * from './workflow-id-policies';
export type * from './workflow-handler-types';
export type { WorkflowSignalOptions, WorkflowQueryOptions } from './workflow-handle-options';
export type { HistoryAndWorkflowId } from '../worker/workflows/replay';
export * from './refused-exports';
