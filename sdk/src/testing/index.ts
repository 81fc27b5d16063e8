// @rewind/sdk/testing — the names of @temporalio/testing that Rewind supports.
export {
  TestWorkflowEnvironment,
  type TestWorkflowEnvironmentOptions,
  type ExistingServerTestWorkflowEnvironmentOptions,
} from './test-workflow-environment';
export { MockActivityEnvironment, defaultActivityInfo, type MockActivityEnvironmentOptions } from './mock-activity-environment';
export * from './refused-exports';
