// The workflow runtime as loaded into a sandbox, once: what user bundles import as
// `@rewind/sdk/workflow` / `@temporalio/workflow` (and `…/common`), and what the host drives.
import { installGlobalOverrides } from './global-overrides';

installGlobalOverrides(globalThis as unknown as Record<string, unknown>);

export * as workflow from './index';
export * as common from '../common/index';
export * as temporalInternals from './temporal-internals';
export { Activator } from './internals';
export { setActivator } from './current-activator';
