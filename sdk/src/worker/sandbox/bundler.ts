// Bundles workflow code for the sandbox with esbuild. Two bundles: the workflow runtime (built once per
// process, loaded once per sandbox) and the user's workflows, wrapped in a factory that makes a fresh
// copy of the user's modules per run. User imports of `@rewind/sdk/workflow` or `@temporalio/workflow`
// (and `…/common`) resolve to the loaded runtime; imports of Node built-ins fail the bundle with a
// message naming the import. Packages resolve to their browser builds, as in Temporal's webpack bundle.
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { ValueError } from '../../common/errors';
import { explainBundleProblem } from './refused-imports';
import { runtimePartFor, runtimePartModule, temporalPackageImport, type RuntimePart } from './temporal-package-imports';

/**
 * Workflow code bundled for the sandbox by {@link bundleWorkflowCode}: pass it to `Worker.create` as
 * `workflowBundle` (instead of `workflowsPath`) to bundle once and start several workers, or to keep a
 * build; as in Temporal, where the bundle is `{ code }` (Rewind's also carries its source map).
 */
export interface WorkflowBundle {
  /** The user's workflows as one script (the workflow runtime is not in it: the sandbox loads that itself). */
  code: string;
  /**
   * esbuild's source map of `code` (JSON text) with absolute source paths: stacks, non-determinism
   * messages and `__stack_trace` answers name the user's files and lines through it. Without it (a bundle
   * kept as its code alone, as Temporal's `{ code }`), they name the bundle's lines instead.
   */
  sourceMap?: string;
}

/**
 * A short hash (12 hex digits) of a bundle's code, its build id: two workers with the same build id run
 * the same workflow code. `rewind dev` pins runs to the build they replay with by it.
 */
export function buildIdOf(bundle: WorkflowBundle): string {
  return createHash('sha256').update(bundle.code).digest('hex').slice(0, 12);
}

/** What {@link bundleWorkflowCode} bundles. */
export interface BundleOptions {
  /**
   * The module that exports the workflow functions: a `.ts` or `.js` file, or a folder with an index
   * (resolved against the working folder). What it imports is bundled with it.
   */
  workflowsPath: string;
  /**
   * Modules that export workflow interceptors (an `interceptors` function, a `WorkflowInterceptorsFactory`),
   * bundled with the workflows and made for each run, in this order (Temporal's
   * `workflowInterceptorModules`; the worker passes its `interceptors.workflowModules`). A path (as
   * `require.resolve` gives it, or relative to the working folder) or a package name.
   */
  workflowInterceptorModules?: string[];
}

/**
 * The workflow code could not be bundled: a syntax error, an import that cannot be found, a Node built-in
 * or client / worker / activity code imported by a workflow. The message lists each problem with its
 * file, line and column, and what to do instead.
 */
export class WorkflowBundleError extends Error {
  override readonly name = 'WorkflowBundleError';
}

/** The SDK's sources, found through the package (this file may be bundled into another, like the CLI). */
const SDK_SRC = path.join(path.dirname(require.resolve('@rewind/sdk/package.json')), 'src');
export const FACTORY_GLOBAL = '__rewind_factory';
export const RUNTIME_GLOBAL = '__rewind_sdk';

const NOT_IN_WORKFLOWS = /^(@rewind\/sdk|@temporalio)\/(client|worker|activity|testing)(\/|$)/;

function sandboxPlugin(): Plugin {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  return {
    name: 'rewind-workflow-sandbox',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        const alias = runtimePartFor(args.path, args.importer);
        if (alias) return { path: alias, namespace: 'rewind-sdk' };
        const replaced = temporalPackageImport(args.path, args.importer);
        if (replaced) return { path: replaced };
        const where = args.importer ? ` (imported by ${path.relative(process.cwd(), args.importer)})` : '';
        if (builtins.has(args.path) || builtins.has(args.path.split('/')[0]!)) {
          return {
            errors: [
              {
                text:
                  `Workflow code cannot import the Node built-in '${args.path}'${where}. Workflows run in a deterministic sandbox ` +
                  `without I/O: do this in an activity and call it with proxyActivities. (For types only, use 'import type'.)`,
              },
            ],
          };
        }
        if (NOT_IN_WORKFLOWS.test(args.path)) {
          return {
            errors: [
              {
                text:
                  `Workflow code cannot import '${args.path}'${where}: clients, workers and activity code run outside the sandbox. ` +
                  `Import activities with 'import type * as activities from ...' and call them through proxyActivities.`,
              },
            ],
          };
        }
        return undefined;
      });
      // An ES module with one binding per export: cheaper per run than copying a CommonJS namespace.
      build.onLoad({ filter: /.*/, namespace: 'rewind-sdk' }, (args) => {
        const { module, extra } = runtimePartModule(args.path as RuntimePart);
        return {
          contents: [
            `const m = globalThis.${RUNTIME_GLOBAL}.${module};`,
            ...runtimeExportNames(module).map((name) => `export const ${name} = m.${name};`),
            ...extra,
          ].join('\n'),
          loader: 'js',
        };
      });
    },
  };
}

/** The value exports of a module of the runtime (loaded here: they are pure). */
function runtimeExportNames(module: 'workflow' | 'common' | 'temporalInternals'): string[] {
  const mod =
    module === 'workflow'
      ? (require('../../workflow/index') as object)
      : module === 'common'
        ? (require('../../common/index') as object)
        : (require('../../workflow/temporal-internals') as object);
  return Object.keys(mod).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
}

/**
 * esbuild's API, loaded with `require`: `await import('esbuild')` fails under Jest's CommonJS runtime
 * ("A dynamic import callback was invoked without --experimental-vm-modules"), `require` works there and
 * in Node (the SDK is CommonJS).
 */
function loadEsbuild(): typeof import('esbuild') {
  return require('esbuild') as typeof import('esbuild');
}

let runtime: Promise<string> | undefined;

/** The workflow runtime, bundled once per process (it defines globalThis.__rewind_sdk). */
export function bundleRuntime(): Promise<string> {
  runtime ??= (async () => {
    const esbuild = loadEsbuild();
    const result = await esbuild.build({
      entryPoints: [path.join(SDK_SRC, 'workflow/runtime-entry.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: RUNTIME_GLOBAL,
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  })();
  return runtime;
}

/** An interceptor module as esbuild finds it: a path made absolute, a package name as it is. */
function interceptorModulePath(module: string): string {
  if (typeof module !== 'string' || !module) {
    throw new ValueError(
      `workflowInterceptorModules holds ${JSON.stringify(module)}: give each module's path (require.resolve('./interceptors')).`,
    );
  }
  if (!module.startsWith('.') && !path.isAbsolute(module)) return module;
  const resolved = path.resolve(module);
  if (!fs.existsSync(resolved) && !['.ts', '.js', '.mts', '.mjs'].some((ext) => fs.existsSync(resolved + ext))) {
    throw new ValueError(
      `The workflow interceptor module ${resolved} does not exist: give its path, e.g. require.resolve('./interceptors').`,
    );
  }
  return resolved;
}

/**
 * Bundles workflow code for the sandbox with esbuild, as Temporal's `bundleWorkflowCode` does with
 * webpack: the workflows module and everything it imports, in one script with its source map. Imports of
 * `@rewind/sdk/workflow` and `@rewind/sdk/common` (or Temporal's `@temporalio/workflow` and
 * `@temporalio/common`, so that the same file runs on both) resolve to the sandbox's runtime. Workers
 * given `workflowsPath` call this themselves; call it to bundle once for several workers or replays.
 *
 * Workflow code must be deterministic, so the bundle refuses what would break that: a Node built-in
 * (`fs`, `node:crypto`, …) or `@rewind/sdk/client`, `worker`, `activity` or `testing` (and Temporal's)
 * imported by workflow code fails it with a message naming the import and the importer. Type-only
 * imports (`import type * as activities`) are erased and fine.
 *
 * @throws ValueError if `workflowsPath` does not exist.
 * @throws WorkflowBundleError if the code does not bundle (each problem with its file and line).
 */
export async function bundleWorkflowCode(options: BundleOptions): Promise<Required<WorkflowBundle>> {
  const workflowsPath = path.resolve(options.workflowsPath);
  if (!fs.existsSync(workflowsPath)) {
    throw new ValueError(
      `workflowsPath ${workflowsPath} does not exist: point it at the file (or folder with index.ts) that exports your workflows.`,
    );
  }
  const esbuild = loadEsbuild();
  const outfile = path.join(path.dirname(workflowsPath), '__rewind_workflow_bundle.js');
  const interceptorModules = (options.workflowInterceptorModules ?? []).map((m) => interceptorModulePath(m));
  // The modules are imported when the run asks (Temporal's import hooks), so they load with its generator.
  const entry = [
    `export const importInterceptors = () => [${interceptorModules.map((m) => `require(${JSON.stringify(m)})`).join(', ')}];`,
    `export const importWorkflows = () => require(${JSON.stringify(workflowsPath)});`,
  ].join('\n');
  let result;
  try {
    result = await esbuild.build({
      stdin: { contents: entry, resolveDir: path.dirname(workflowsPath), sourcefile: '__rewind_entry.ts', loader: 'ts' },
      bundle: true,
      write: false,
      outfile,
      format: 'cjs',
      // Temporal's webpack bundles for the web: a package's "browser" build and its "browser" map (a Node
      // part swapped for one without Node's modules, as @opentelemetry/core's) are what workflows get.
      platform: 'browser',
      mainFields: ['browser', 'module', 'main'],
      target: 'es2022',
      sourcemap: 'external',
      sourcesContent: false,
      keepNames: true,
      logLevel: 'silent',
      plugins: [sandboxPlugin()],
      banner: { js: `globalThis.${FACTORY_GLOBAL} = function () { var module = { exports: {} }; var exports = module.exports;` },
      footer: { js: 'return module.exports; };' },
    });
  } catch (err) {
    const failure = err as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] };
    const problems = (failure.errors ?? []).map((e) =>
      e.location
        ? `${e.location.file}:${e.location.line}:${e.location.column}: ${explainBundleProblem(e.text)}`
        : explainBundleProblem(e.text),
    );
    throw new WorkflowBundleError(`Could not bundle the workflows in ${workflowsPath}:\n  ${problems.join('\n  ') || String(err)}`);
  }
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!js || !map) throw new WorkflowBundleError('esbuild produced no bundle');
  const sourceMap = JSON.parse(map.text) as { sources: string[] } & Record<string, unknown>;
  sourceMap.sources = sourceMap.sources.map((s) => path.resolve(path.dirname(outfile), s));
  // An extension field (source map v3 allows `x_` ones): which module the bundle was made from, for a
  // worker started with the bundle to report (the code is left alone: the build id hashes it).
  sourceMap[WORKFLOWS_PATH_FIELD] = workflowsPath;
  return { code: js.text, sourceMap: JSON.stringify(sourceMap) };
}

const WORKFLOWS_PATH_FIELD = 'x_rewind_workflowsPath';

/**
 * The absolute path of the workflows module a bundle was made from, if its source map says (a bundle of
 * {@link bundleWorkflowCode} kept with its source map); undefined for a bundle without one, or another's.
 */
export function bundleWorkflowsPath(bundle: WorkflowBundle): string | undefined {
  if (bundle.sourceMap === undefined) return undefined;
  try {
    const value = (JSON.parse(bundle.sourceMap) as Record<string, unknown>)[WORKFLOWS_PATH_FIELD];
    return typeof value === 'string' && path.isAbsolute(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
