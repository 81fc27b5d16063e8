// Where a workflow bundle's imports of the SDK go: the user's `@rewind/sdk/*` and `@temporalio/workflow|common`
// to the loaded runtime, and what Temporal's own packages bundled into workflows (its contrib
// interceptors-opentelemetry) reach as Temporal's bundler gives it to them: its workflow-imports stub swapped
// for the real imports, and Temporal's internals those import (`lib/flags`, `lib/global-attributes`).
import fs from 'node:fs';
import path from 'node:path';

/** A module the bundle gets from the runtime: `temporalCommon` is `common` for Temporal's own packages. */
export type RuntimePart = 'workflow' | 'common' | 'temporalInternals' | 'temporalCommon';

const SDK_ALIASES: Record<string, RuntimePart> = {
  '@rewind/sdk/workflow': 'workflow',
  '@temporalio/workflow': 'workflow',
  '@rewind/sdk/common': 'common',
  '@temporalio/common': 'common',
  '@temporalio/workflow/lib/flags': 'temporalInternals',
  '@temporalio/workflow/lib/flags.js': 'temporalInternals',
  '@temporalio/workflow/lib/global-attributes': 'temporalInternals',
  '@temporalio/workflow/lib/global-attributes.js': 'temporalInternals',
};

/** A file of one of Temporal's packages (installed, or its sources), which are built against Temporal's internals. */
const IN_TEMPORAL_PACKAGE = /[\\/]node_modules[\\/]@temporalio[\\/]/;

/**
 * The runtime part an import resolves to, if it is one of the SDK's. `@temporalio/common` imported by a
 * Temporal package gets the values those read that Rewind refuses to user code (see {@link runtimePartModule}).
 */
export function runtimePartFor(request: string, importer: string): RuntimePart | undefined {
  const part = SDK_ALIASES[request];
  return part === 'common' && request === '@temporalio/common' && IN_TEMPORAL_PACKAGE.test(importer) ? 'temporalCommon' : part;
}

/**
 * The runtime module a part re-exports, and what it adds: `ApplicationFailureCategory` for Temporal's
 * packages (interceptors-opentelemetry compares a failure's category with `BENIGN`; Rewind's failures have
 * no category, so the comparison is false, as for any non-benign failure).
 */
export function runtimePartModule(part: RuntimePart): { module: 'workflow' | 'common' | 'temporalInternals'; extra: string[] } {
  if (part !== 'temporalCommon') return { module: part, extra: [] };
  return { module: 'common', extra: ["export const ApplicationFailureCategory = Object.freeze({ BENIGN: 'BENIGN' });"] };
}

/** Temporal's bundler swaps this module (stubs that throw outside workflows) for its sibling `workflow-imports-impl`. */
const WORKFLOW_IMPORTS_STUB =
  /[\\/](?:@temporalio|contrib)[\\/]interceptors-opentelemetry(?:-v2)?[\\/](?:src|lib)[\\/]workflow[\\/]workflow-imports\.[jt]s$/;

/**
 * The file an import of a Temporal package's workflow-imports stub resolves to: its sibling
 * `workflow-imports-impl` (`.ts` in sources, `.js` built), as Temporal's bundler replaces it; undefined for
 * any other import.
 */
export function temporalPackageImport(request: string, importer: string): string | undefined {
  if (!/(^|[\\/])workflow-imports(\.[jt]s)?$/.test(request) || !request.startsWith('.') || !importer) return undefined;
  const base = path.resolve(path.dirname(importer), request);
  const stub = [base, `${base}.ts`, `${base}.js`].find((f) => WORKFLOW_IMPORTS_STUB.test(f) && fs.existsSync(f));
  if (!stub) return undefined;
  const impl = path.join(path.dirname(stub), 'workflow-imports-impl');
  return [`${impl}.ts`, `${impl}.js`].find((f) => fs.existsSync(f));
}
