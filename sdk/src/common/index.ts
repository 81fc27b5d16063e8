// @rewind/sdk/common — the names of @temporalio/common that Rewind supports.
export * from './duration';
export * from './timestamp';
export * from './errors';
export * from './failures';
export * from './failure-convert';
export * from './payloads';
// Temporal's toPayloads (a converter and values) in place of payloads.ts's own helper of that name.
export { toPayloads } from './to-payloads';
export * from './retry-policy';
export { assertNever } from './type-helpers';
export type { JsonValue } from '../protocol/payload';
export type { Payload } from './payload-message';
export { defaultPayloadConverter } from './payload-converter';
export type { Headers } from './payload-message';
export type { Next } from '../workflow/interceptors';
export type { ExecutionStatus, History, HistoryEvent } from '../protocol/history';
export type { SearchAttributes, SearchAttributeValue, SearchAttributeValueOrReadonly } from './search-attributes';
export {
  TypedSearchAttributes,
  SearchAttributeType,
  defineSearchAttributeKey,
  type SearchAttributeKey,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
} from './typed-search-attributes';
export { HandlerUnfinishedPolicy } from './handler-unfinished-policy';
export * from './interfaces';
export * from './activity-types';
export * from './workflow-id-policies';
export type * from './workflow-handler-types';
export type { WorkflowSignalOptions, WorkflowQueryOptions } from './workflow-handle-options';
export type { HistoryAndWorkflowId } from '../worker/workflows/replay';
export * from './metrics';
export { ActivityCancellationDetails, type ActivityCancellationDetailsOptions } from './activity-cancellation-details';
export * from './refused-exports';
