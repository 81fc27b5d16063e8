// One build of a project for `rewind dev`: the workflow bundle (the sandbox's) and the activities as
// one CommonJS file whose @rewind/sdk imports are the worker's own modules (one activity Context); the
// worker's sinks and activity interceptors, when a Temporal project's modules export them, likewise.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { buildIdOf, bundleWorkflowCode, type WorkflowBundle } from '@rewind/sdk/worker';
import type { ProjectConfig } from '@rewind/sdk/internal/project/project-config';
import { workerExtrasEntry } from './worker-extras';

export interface DevBuild {
  buildId: string;
  workflowBundle: WorkflowBundle;
  /** The bundle written for the worker process. */
  workflowBundleFile: string;
  /** The activities bundle, and a hash of it and of the extras (a change restarts the worker). */
  activitiesFile?: string;
  activitiesHash?: string;
  /** The bundle of the worker's sinks and activity interceptors, read from a Temporal project's Worker.create (worker-extras.ts). */
  extrasFile?: string;
  /** Every source file the build read (what to watch). */
  inputs: string[];
  ms: number;
}

/** The SDK modules activities may import, resolved where this server resolves them. */
const SDK_FOR_ACTIVITIES: Record<string, string> = {
  '@rewind/sdk/activity': '@rewind/sdk/activity',
  '@temporalio/activity': '@rewind/sdk/activity',
  '@rewind/sdk/common': '@rewind/sdk/common',
  '@temporalio/common': '@rewind/sdk/common',
  '@rewind/sdk/client': '@rewind/sdk/client',
  '@temporalio/client': '@rewind/sdk/client',
};

export async function buildProject(config: ProjectConfig, outDir: string): Promise<DevBuild> {
  const started = performance.now();
  fs.mkdirSync(outDir, { recursive: true });
  const extrasEntry = config.worker ? workerExtrasEntry(config.worker, config.root) : undefined;
  const [workflowBundle, activities, extras] = await Promise.all([
    // A Temporal project's interceptors.workflowModules, read from its Worker.create, are bundled as its worker bundles them.
    bundleWorkflowCode({
      workflowsPath: config.workflowsPath,
      workflowInterceptorModules: config.worker?.workflowInterceptorModules ?? [],
    }),
    config.activitiesPath ? buildForWorker({ entryPoints: [config.activitiesPath] }, outDir, 'activities') : undefined,
    extrasEntry
      ? buildForWorker({ stdin: { contents: extrasEntry, resolveDir: config.root, loader: 'ts' } }, outDir, 'worker-extras')
      : undefined,
  ]);
  const activitiesHash = activities || extras ? [activities?.hash, extras?.hash].filter(Boolean).join('-') : undefined;
  const buildId = buildIdOf(workflowBundle);
  const workflowBundleFile = path.join(outDir, `workflows-${buildId}.json`);
  fs.writeFileSync(workflowBundleFile, JSON.stringify(workflowBundle));
  const workflowInputs = sourcesOf(workflowBundle.sourceMap);
  return {
    buildId,
    workflowBundle,
    workflowBundleFile,
    ...(activities ? { activitiesFile: activities.file } : {}),
    ...(activitiesHash ? { activitiesHash } : {}),
    ...(extras ? { extrasFile: extras.file } : {}),
    inputs: [...new Set([...workflowInputs, ...(activities?.inputs ?? []), ...(extras?.inputs ?? [])])],
    ms: Math.round(performance.now() - started),
  };
}

/** One CommonJS file for the worker process (`name-<hash>.js`): the activities, or the worker's extras. */
async function buildForWorker(
  entry: Pick<esbuild.BuildOptions, 'entryPoints' | 'stdin'>,
  outDir: string,
  name: string,
): Promise<{ file: string; hash: string; inputs: string[] }> {
  const result = await esbuild.build({
    ...entry,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    write: false,
    // Written to outDir: the map's paths to the sources are relative to it.
    outdir: outDir,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'rewind-activities',
        setup(build) {
          // The SDK is the worker's own copy; other packages load from the project's node_modules.
          build.onResolve({ filter: /^[^./]/ }, (args) => {
            const sdk = SDK_FOR_ACTIVITIES[args.path];
            if (sdk) return { path: require.resolve(sdk), external: true };
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const code = result.outputFiles[0]!.text;
  const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 12);
  // Beside the sources' node_modules: the project's packages resolve from here.
  const file = path.join(outDir, `${name}-${hash}.js`);
  fs.writeFileSync(file, code);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => p !== '<stdin>')
    .map((p) => path.resolve(p));
  return { file, hash, inputs };
}

function sourcesOf(sourceMap: string): string[] {
  const map = JSON.parse(sourceMap) as { sources?: string[] };
  return (map.sources ?? []).filter((s) => !s.includes('node_modules') && path.isAbsolute(s));
}
