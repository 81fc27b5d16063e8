// `rewind dev`'s reading of the project configuration: the shared reader (@rewind/sdk's
// project/project-config.ts: which file, which fields, what is wrong) with esbuild to evaluate
// rewind.config.ts, where the search for the project starts, and what changed under a running session.
import path from 'node:path';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { loadProjectConfig, type ProjectChoice, type ProjectConfig } from '@rewind/sdk/internal/project/project-config';

/**
 * The configuration of the project in `dir` (a Temporal project's read from its Worker.create, `choice`
 * saying which); a ProjectConfigError says what to write.
 */
export const loadDevConfig = (dir: string, choice: ProjectChoice = {}): Promise<ProjectConfig> =>
  loadProjectConfig(dir, loadConfigModule, choice);

/** rewind.config.ts, bundled (with what it imports) and evaluated: its module's exports. */
async function loadConfigModule(file: string): Promise<unknown> {
  const out = await esbuild.build({ entryPoints: [file], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  const mod = { exports: {} as Record<string, unknown> };
  // Wrapped as Node wraps a CommonJS module, and named for its file (a throw's stack says where).
  const run = vm.runInThisContext(`(function (module, exports, require) {${out.outputFiles[0]!.text}\n})`, { filename: file }) as (
    module: { exports: unknown },
    exports: unknown,
    require: NodeJS.Require,
  ) => void;
  run(mod, mod.exports, require);
  return mod.exports;
}

/**
 * Where the search starts: the current folder, or the one npm was run in when that is below it
 * (`npx rewind dev` in a subfolder of a package runs in the package's folder; npm says where it was run as INIT_CWD).
 */
export function searchStart(cwd = process.cwd(), initCwd = process.env.INIT_CWD): string {
  if (!initCwd) return cwd;
  const rel = path.relative(cwd, initCwd);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? initCwd : cwd;
}

/**
 * What differs between the configuration a session started with and the one on disk now, in words
 * (`taskQueue 'orders' → 'my-orders'`), or why it cannot be read; undefined when nothing that matters changed.
 */
export async function configChange(running: ProjectConfig, choice: ProjectChoice = {}): Promise<string | undefined> {
  let now: ProjectConfig;
  try {
    now = await loadDevConfig(running.root, choice);
  } catch (err) {
    return `it cannot be read now (${(err as Error).message})`;
  }
  const fields = ['workflowsPath', 'activitiesPath', 'taskQueue', 'namespace', 'source'] as const;
  const shown = (c: ProjectConfig, f: (typeof fields)[number]): string => {
    const v = c[f];
    return v === undefined ? 'none' : `'${f === 'taskQueue' || f === 'namespace' ? v : path.relative(c.root, v) || v}'`;
  };
  const changes = fields.filter((f) => now[f] !== running[f]).map((f) => `${f} ${shown(running, f)} → ${shown(now, f)}`);
  // A Temporal project's Worker.create options its worker applies (concurrency, identity, interceptors).
  const applied = (c: ProjectConfig): string => JSON.stringify(c.worker ?? {});
  if (applied(now) !== applied(running)) changes.push(`the Worker.create options its worker applies ${applied(running)} → ${applied(now)}`);
  return changes.length > 0 ? changes.join(', ') : undefined;
}
