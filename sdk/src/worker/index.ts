// @rewind/sdk/worker — the names of @temporalio/worker that Rewind supports.
export { Worker, type WorkerOptions, type ReplayWorkerOptions, type State } from './worker';
export { NativeConnection, type NativeConnectionOptions } from './native-connection';
export { bundleWorkflowCode, WorkflowBundleError, type WorkflowBundle, type BundleOptions } from './bundler';
export { Runtime, DefaultLogger, type Logger, type LogLevel, type RuntimeOptions } from './logger';
export { ReplayError, parseHistory } from './replay';
export { DeterminismViolationError } from '../common/errors';
