// @rewind/sdk/workflow — the names of @temporalio/workflow that Rewind supports. Runs in the sandbox.
export {
  proxyActivities,
  proxyLocalActivities,
  type ActivityOptions,
  type LocalActivityOptions,
  type ActivityInterfaceFor,
} from './activity-api';
export {
  sleep,
  condition,
  defineSignal,
  defineQuery,
  defineUpdate,
  setHandler,
  allHandlersFinished,
  getCurrentDetails,
  setCurrentDetails,
  workflowInfo,
  upsertSearchAttributes,
  uuid4,
  isReplaying,
  patched,
  deprecatePatch,
  type Handler,
  type SetHandlerOptions,
} from './api';
export { type UpdateHandlerOptions } from './message-handlers';
export { HandlerUnfinishedPolicy } from '../common/handler-unfinished-policy';
export { CancellationScope, type CancellationScopeOptions } from './cancellation-scope';
export { AsyncLocalStorage } from './async-local-storage';
export {
  startChild,
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  ChildWorkflowCancellationType,
  type ChildWorkflowOptions,
  type ChildWorkflowHandle,
  type ExternalWorkflowHandle,
} from './child-api';
export { ContinueAsNew, continueAsNew, makeContinueAsNewFunc, type ContinueAsNewOptions } from './continue-as-new';
export { upsertMemo } from './memo';
export { log } from './logger';
export { metricMeter } from './metric-meter';
export type { WorkflowInfo, UnsafeWorkflowInfo } from './info';
export type { UnsafeRandomSource } from './unsafe-random';
export {
  stackTraceQuery,
  enhancedStackTraceQuery,
  workflowMetadataQuery,
  type EnhancedStackTrace,
  type StackTrace,
  type StackTraceFileLocation,
  type StackTraceFileSlice,
  type StackTraceSDKInfo,
} from './workflow-metadata';
export type { ParentWorkflowInfo } from './info';
export { inWorkflowContext } from './current-activator';
export {
  ApplicationFailure,
  ActivityFailure,
  ChildWorkflowFailure,
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
  ServerFailure,
  TemporalFailure,
  RetryState,
  TimeoutType,
  isCancellation,
  rootCause,
  ensureTemporalFailure,
} from '../common/failures';
export { DeterminismViolationError, IllegalStateError, ValueError } from '../common/errors';
export type { Duration } from '../common/duration';
export type { RetryPolicy } from '../common/retry-policy';
export type { SignalDefinition, QueryDefinition, UpdateDefinition, Workflow } from '../common/interfaces';
export { ActivityCancellationType, type ActivityFunction, type ActivityInterface, type UntypedActivities } from '../common/activity-types';
export { WorkflowIdReusePolicy, WorkflowIdConflictPolicy } from '../common/workflow-id-policies';
export type { Payload } from '../common/payload-message';
export { defaultPayloadConverter } from '../common/payload-converter';
export type { SearchAttributes, SearchAttributeValue } from '../common/search-attributes';
export {
  TypedSearchAttributes,
  SearchAttributeType,
  defineSearchAttributeKey,
  type SearchAttributeKey,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
} from '../common/typed-search-attributes';
export type { WorkflowResultType } from '../common/interfaces';
export type {
  LocalActivityInterfaceFor,
  ActivityProxyOptions,
  LocalActivityProxyOptions,
  ActivityFunctionWithOptions,
  LocalActivityFunctionWithOptions,
} from './activity-stub-types';
export type { WorkflowSignalOptions, WorkflowQueryOptions } from '../common/workflow-handle-options';
export { proxySinks, type Sink, type SinkCall, type SinkFunction, type Sinks, type LoggerSinks } from './sinks';
export type * from './interceptors';
export type { WorkflowReturnType, WorkflowSignalType, WorkflowQueryType } from '../common/workflow-handler-types';
export type { WithWorkflowArgs } from '../common/interfaces';
export * from './refused-exports';
