// @rewind/sdk/worker — the names of @temporalio/worker that Rewind supports.
export { Worker, type WorkerOptions, type ReplayWorkerOptions, type State } from './worker';
export { NativeConnection, type NativeConnectionOptions } from './native-connection';
export { buildIdOf, bundleWorkflowCode, WorkflowBundleError, type WorkflowBundle, type BundleOptions } from './sandbox/bundler';
export type {
  WorkflowBundleOption,
  WorkflowBundlePath,
  WorkflowBundlePathWithSourceMap,
  WorkflowBundleWithSourceMap,
} from './sandbox/bundle-option';
export { Runtime, DefaultLogger, type Logger, type LogLevel, type LogEntry, type RuntimeOptions } from './logger';
export { ReplayError, parseHistory, type HistoryAndWorkflowId, type ReplayHistoriesIterable, type ReplayResult } from './workflows/replay';
export { DeterminismViolationError } from '../common/errors';
export type { WorkerInterceptors } from './worker';
export type { InjectedSink, InjectedSinkFunction, InjectedSinks } from './sinks';
export type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptors,
  ActivityInterceptorsFactory,
} from './activities/activity-interceptors';
export type { LogMetadata } from './logger';
export { IllegalStateError } from '../common/errors';
export { defaultPayloadConverter } from '../common/payload-converter';
export type { Headers } from '../common/payload-message';
export type { Next } from '../workflow/interceptors';
export type { History } from '../protocol/history';
export * from './refused-exports';
