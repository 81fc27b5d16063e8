// Where `rewind dev` finds a project's workflows and activities: rewind.config.json, rewind.config.ts,
// or a "rewind" field in package.json, each naming workflowsPath, activities and taskQueue.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

export interface DevConfig {
  /** The project folder (where the config is). */
  root: string;
  /** Where the config came from, for messages. */
  source: string;
  workflowsPath: string;
  /** The module exporting the activity functions (optional: a project may have none). */
  activitiesPath?: string;
  taskQueue: string;
  namespace: string;
}

/** No config, or one that is wrong: the message says what to write. */
export class DevConfigError extends Error {
  override readonly name = 'DevConfigError';
}

const SAMPLE = { workflowsPath: './src/workflows.ts', activities: './src/activities.ts', taskQueue: 'my-queue' };

const EXAMPLE = `Add to package.json (paths relative to it):

  "rewind": {
    "workflowsPath": "./src/workflows.ts",
    "activities": "./src/activities.ts",
    "taskQueue": "my-queue"
  }

or put the same three fields in rewind.config.json (or export them from rewind.config.ts).`;

/**
 * The project folder when none is named: the nearest folder with a Rewind configuration, from `start`
 * up (as git finds its repository), else `start` itself (whose error then says what to write).
 */
export function findProjectDir(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (hasConfig(dir)) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start);
  }
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

function hasConfig(dir: string): boolean {
  if (fs.existsSync(path.join(dir, 'rewind.config.json')) || fs.existsSync(path.join(dir, 'rewind.config.ts'))) return true;
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { rewind?: unknown } | null)?.rewind !== undefined;
  } catch {
    return false; // No package.json, or not JSON: not a Rewind project.
  }
}

export async function loadDevConfig(dir: string): Promise<DevConfig> {
  const root = path.resolve(dir);
  const candidates: Array<[string, () => Promise<unknown>]> = [
    ['rewind.config.json', async () => JSON.parse(fs.readFileSync(path.join(root, 'rewind.config.json'), 'utf8')) as unknown],
    ['rewind.config.ts', () => loadTsConfig(path.join(root, 'rewind.config.ts'))],
    ['package.json', async () => (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { rewind?: unknown }).rewind],
  ];
  for (const [file, load] of candidates) {
    if (!fs.existsSync(path.join(root, file))) continue;
    let raw: unknown;
    try {
      raw = await load();
    } catch (err) {
      throw new DevConfigError(`Cannot read ${path.join(root, file)}: ${(err as Error).message}`);
    }
    if (raw === undefined) continue; // A package.json without a "rewind" field.
    return checkConfig(raw, root, file);
  }
  throw new DevConfigError(`No Rewind configuration in ${root}. ${EXAMPLE}`);
}

async function loadTsConfig(file: string): Promise<unknown> {
  const out = await esbuild.build({ entryPoints: [file], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  const mod = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', out.outputFiles[0]!.text)(mod, mod.exports, require);
  return (mod.exports.default as unknown) ?? mod.exports;
}

function checkConfig(raw: unknown, root: string, source: string): DevConfig {
  const c = (raw ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const str = (key: string, required: boolean): string | undefined => {
    const v = c[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '') problems.push(`"${key}" must be a non-empty string`);
    return typeof v === 'string' ? v : undefined;
  };
  const workflowsPath = str('workflowsPath', true);
  const activities = str('activities', false);
  const taskQueue = str('taskQueue', true);
  const namespace = str('namespace', false) ?? 'default';
  const file = (p: string | undefined, key: string): string | undefined => {
    if (!p) return undefined;
    const abs = path.resolve(root, p);
    if (!fs.existsSync(abs) && !['.ts', '.js', '/index.ts'].some((ext) => fs.existsSync(abs + ext))) {
      problems.push(`"${key}": ${abs} does not exist`);
    }
    return abs;
  };
  const config = {
    root,
    source: path.join(root, source),
    workflowsPath: file(workflowsPath, 'workflowsPath')!,
    ...(activities ? { activitiesPath: file(activities, 'activities')! } : {}),
    taskQueue: taskQueue!,
    namespace,
  };
  if (problems.length > 0) {
    throw new DevConfigError(
      `The Rewind configuration in ${config.source} is wrong: ${problems.join('; ')}. It needs workflowsPath and taskQueue (and activities, if the project has any), e.g. ${JSON.stringify(SAMPLE)}.`,
    );
  }
  return config;
}

/**
 * What differs between the configuration a session started with and the one on disk now, in words
 * (`taskQueue 'orders' → 'my-orders'`), or why it cannot be read; undefined when nothing that matters changed.
 */
export async function configChange(running: DevConfig): Promise<string | undefined> {
  let now: DevConfig;
  try {
    now = await loadDevConfig(running.root);
  } catch (err) {
    return `it cannot be read now (${(err as Error).message})`;
  }
  const fields = ['workflowsPath', 'activitiesPath', 'taskQueue', 'namespace', 'source'] as const;
  const shown = (c: DevConfig, f: (typeof fields)[number]): string => {
    const v = c[f];
    return v === undefined ? 'none' : `'${f === 'taskQueue' || f === 'namespace' ? v : path.relative(c.root, v) || v}'`;
  };
  const changes = fields.filter((f) => now[f] !== running[f]).map((f) => `${f} ${shown(running, f)} → ${shown(now, f)}`);
  return changes.length > 0 ? changes.join(', ') : undefined;
}
