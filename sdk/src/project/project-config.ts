// The one reader of a project's Rewind configuration, for the CLI, `rewind dev` and the VS Code
// extension: which file wins, its fields and what is wrong with them, in words that say what to write.
// It never runs project code itself: evaluating rewind.config.ts is the caller's (LoadConfigModule).
import fs from 'node:fs';
import path from 'node:path';
import { markErrorClass } from '../common/brand';
import { DEFAULT_NAMESPACE } from '../protocol/messages';
import { findTemporalWorkers, isTemporalProject } from './temporal-worker-config';
import type { DevWorkerOptions, WorkerOptionsReading } from './temporal-worker-options';

/** The files that may hold the configuration, in the order they win: the first one there is read. */
export const CONFIG_FILES = ['rewind.config.json', 'rewind.config.ts', 'package.json'] as const;
export type ConfigFile = (typeof CONFIG_FILES)[number];

/**
 * Evaluates a rewind.config.ts and returns its module's exports (`rewind dev` bundles it with esbuild;
 * the extension transpiles it with its own TypeScript). Throws if it cannot.
 */
export type LoadConfigModule = (file: string) => Promise<unknown>;

/** A complete configuration: what `rewind dev` needs to run a project. */
export interface ProjectConfig {
  /** The project folder (where the configuration is). */
  root: string;
  /** The file the configuration came from (absolute), for messages. */
  source: string;
  /** The module exporting the workflow functions (absolute). */
  workflowsPath: string;
  /** The module exporting the activity functions (absolute; optional: a project may have none). */
  activitiesPath?: string;
  taskQueue: string;
  /** Default: `default`. */
  namespace: string;
  /** Set when read from the project's source, not a Rewind configuration: what from (`Temporal's Worker.create`). */
  detected?: string;
  /** What the user should know of how it was found (several workers, which one runs, options not applied). */
  notes?: string[];
  /** A Temporal project's Worker.create options that rewind dev's worker applies too (concurrency, interceptors…). */
  worker?: DevWorkerOptions;
}

/**
 * A choice among what the source offers: the Worker.create of this task queue (`rewind dev --task-queue`),
 * of this file (`--worker`: absolute, or relative to the project folder).
 */
export interface ProjectChoice {
  taskQueue?: string;
  worker?: string;
}

export const TEMPORAL_WORKER = "Temporal's Worker.create";

/** What a configuration file says: each field that is valid, and what is wrong with the others. */
export type ProjectSettings = Omit<ProjectConfig, 'workflowsPath' | 'taskQueue'> &
  Partial<Pick<ProjectConfig, 'workflowsPath' | 'taskQueue'>> & {
    /** Each said as `"taskQueue" must be a non-empty string`; none when the configuration is complete. */
    problems: string[];
    /** The line of the source that gave them (a Worker.create call). */
    line?: number;
  };

/** No configuration, or one that cannot be read or is wrong: the message says what to write. */
export class ProjectConfigError extends Error {
  readonly code = 'PROJECT_CONFIG';
}
markErrorClass(ProjectConfigError, 'ProjectConfigError');

const SAMPLE = { workflowsPath: './src/workflows.ts', activities: './src/activities.ts', taskQueue: 'my-queue' };

const EXAMPLE = `Add to package.json (paths relative to it):

  "rewind": {
    "workflowsPath": "./src/workflows.ts",
    "activities": "./src/activities.ts",
    "taskQueue": "my-queue"
  }

or put the same three fields in rewind.config.json (or export them from rewind.config.ts).`;

/** The file whose configuration counts in `dir` (a package.json only with a "rewind" field), if any. */
export function configFileIn(dir: string): ConfigFile | undefined {
  return CONFIG_FILES.find((file) =>
    file === 'package.json' ? packageRewindField(path.join(dir, file)) !== undefined : fs.existsSync(path.join(dir, file)),
  );
}

/**
 * The project folder when none is named: the nearest folder with a Rewind configuration or a package.json
 * depending on @temporalio/worker, from `start` up (as git finds its repository), else `start` itself
 * (whose error then says what to write).
 */
export function findProjectDir(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (configFileIn(dir) !== undefined || isTemporalProject(dir)) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start);
  }
}

/** The "rewind" field of a package.json; undefined without one, or if it cannot be read as JSON. */
function packageRewindField(file: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { rewind?: unknown } | null)?.rewind;
  } catch {
    return undefined; // No package.json, or not JSON: not a Rewind project.
  }
}

/**
 * What the configuration of `dir` says, field by field (undefined if it has none). A configuration
 * that cannot be read (not JSON, a rewind.config.ts that throws) is a ProjectConfigError, never skipped.
 * Without one, a Temporal project's Worker.create options are read from its source (`detected` says so).
 */
export async function readProjectSettings(
  dir: string,
  loadModule: LoadConfigModule,
  choice: ProjectChoice = {},
): Promise<ProjectSettings | undefined> {
  const root = path.resolve(dir);
  for (const file of CONFIG_FILES) {
    const source = path.join(root, file);
    if (!fs.existsSync(source)) continue;
    let raw: unknown;
    try {
      if (file === 'rewind.config.ts') raw = configOfModule(await loadModule(source));
      else {
        const json = JSON.parse(fs.readFileSync(source, 'utf8')) as unknown;
        raw = file === 'package.json' ? (json as { rewind?: unknown } | null)?.rewind : json;
      }
    } catch (err) {
      throw new ProjectConfigError(`Cannot read ${source}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (raw === undefined) continue; // A package.json without a "rewind" field.
    return settingsOf(raw, root, source);
  }
  return temporalWorkerSettings(root, choice);
}

/** A Temporal project's settings, from the Worker.create of its source that `choice` names (else the first). */
function temporalWorkerSettings(root: string, choice: ProjectChoice): ProjectSettings | undefined {
  if (!isTemporalProject(root)) return undefined;
  const calls = findTemporalWorkers(root);
  const base = { root, namespace: DEFAULT_NAMESPACE, detected: TEMPORAL_WORKER };
  if (calls.length === 0) {
    return {
      ...base,
      source: path.join(root, 'package.json'),
      problems: ['no Worker.create of @temporalio/worker is in its source files (rewind dev reads its options from there)'],
    };
  }
  const listed = calls.map((c) => `'${c.taskQueue ?? '?'}' (${path.relative(root, c.file)}:${c.line})`).join(', ');
  const chosen = calls.find(
    (c) =>
      (choice.taskQueue === undefined || c.taskQueue === choice.taskQueue) &&
      (choice.worker === undefined || c.file === path.resolve(root, choice.worker)),
  );
  if (!chosen) {
    const wanted = [
      ...(choice.taskQueue !== undefined ? [`task queue '${choice.taskQueue}'`] : []),
      ...(choice.worker !== undefined ? [`file ${choice.worker}`] : []),
    ];
    return { ...base, source: calls[0]!.file, problems: [`no Worker.create in the source has ${wanted.join(' and ')} (found: ${listed})`] };
  }
  const { file, line, problems, namespace, others, ...options } = chosen;
  const chose = choice.taskQueue !== undefined || choice.worker !== undefined;
  const notes =
    calls.length > 1 && !chose
      ? [
          `Found ${calls.length} Temporal workers: ${listed}; this runs the first. ` +
            'Choose another with rewind dev --task-queue <name> (or --worker <its file>).',
        ]
      : [];
  if (others) notes.push(...otherOptionsNotes(others, `${path.relative(root, file)}:${line}`));
  const worker = others && Object.keys(others.options).length > 0 ? { worker: others.options } : {};
  return { ...base, ...options, ...worker, ...(namespace ? { namespace } : {}), source: file, line, problems, notes };
}

/** What rewind dev says once at start of the other options of the Worker.create at `at`: those it applies, those it does not. */
function otherOptionsNotes(others: WorkerOptionsReading, at: string): string[] {
  const notes: string[] = [];
  if (others.applied.length > 0) notes.push(`Its worker applies these options of Worker.create (${at}) too: ${others.applied.join(', ')}.`);
  if (others.notApplied.length > 0) {
    notes.push(
      `Options of Worker.create (${at}) that rewind dev's worker does not apply:\n` +
        others.notApplied.map((n) => `  ${n.option}: ${n.means}`).join('\n'),
    );
  }
  return notes;
}

/** The complete configuration of `dir`; a ProjectConfigError says what is missing or wrong, and what to write. */
export async function loadProjectConfig(dir: string, loadModule: LoadConfigModule, choice: ProjectChoice = {}): Promise<ProjectConfig> {
  const settings = await readProjectSettings(dir, loadModule, choice);
  if (settings === undefined) throw new ProjectConfigError(`No Rewind configuration in ${path.resolve(dir)}. ${EXAMPLE}`);
  const { problems, workflowsPath, taskQueue, line, ...rest } = settings;
  if (settings.detected !== undefined && (problems.length > 0 || workflowsPath === undefined || taskQueue === undefined)) {
    throw new ProjectConfigError(unreadableWorkerMessage(settings));
  }
  if (
    settings.detected === undefined &&
    ((choice.taskQueue !== undefined && choice.taskQueue !== taskQueue) || choice.worker !== undefined)
  ) {
    throw new ProjectConfigError(
      `--task-queue and --worker choose among the Temporal workers of a project without a Rewind configuration; ` +
        `${settings.source} names taskQueue '${taskQueue ?? ''}' and its workflows: change them there.`,
    );
  }
  if (problems.length > 0 || workflowsPath === undefined || taskQueue === undefined) {
    throw new ProjectConfigError(
      `The Rewind configuration in ${settings.source} is wrong: ${problems.join('; ')}. It needs workflowsPath and taskQueue (and activities, if the project has any), e.g. ${JSON.stringify(SAMPLE)}.`,
    );
  }
  return { ...rest, workflowsPath, taskQueue };
}

/** What was read of a Temporal worker, what was not, and the package.json field to write instead. */
function unreadableWorkerMessage(s: ProjectSettings): string {
  const at = s.line === undefined ? path.relative(s.root, s.source) : `${path.relative(s.root, s.source)}:${s.line}`;
  const rel = (p: string | undefined, example: string): string => (p ? `./${path.relative(s.root, p).split(path.sep).join('/')}` : example);
  const field = {
    workflowsPath: rel(s.workflowsPath, './src/workflows.ts'),
    activities: rel(s.activitiesPath, './src/activities.ts'),
    taskQueue: s.taskQueue ?? 'my-queue',
    ...(s.namespace !== DEFAULT_NAMESPACE ? { namespace: s.namespace } : {}),
  };
  const fieldText = JSON.stringify(field, null, 2).replace(/\n/g, '\n  ');
  return (
    (s.line === undefined
      ? `No Rewind configuration in ${s.root}, and ${s.problems.join('; ')}. `
      : `No Rewind configuration in ${s.root}, and the options of its Worker.create (${at}) cannot all be read from source: ${s.problems.join('; ')}. `) +
    `Write the options in package.json instead (paths relative to it; this wins over the source):\n\n  "rewind": ${fieldText}`
  );
}

/** A rewind.config.ts's configuration: its default export, else its module's exports. */
export function configOfModule(exports: unknown): unknown {
  return (exports as { default?: unknown } | null | undefined)?.default ?? exports;
}

function settingsOf(raw: unknown, root: string, source: string): ProjectSettings {
  const c = (raw ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const str = (key: string, required: boolean): string | undefined => {
    const v = c[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '') {
      problems.push(`"${key}" must be a non-empty string`);
      return undefined;
    }
    return v;
  };
  const module = (p: string | undefined, key: string): string | undefined => {
    if (p === undefined) return undefined;
    const abs = path.resolve(root, p);
    if (!fs.existsSync(abs) && !['.ts', '.js', '/index.ts'].some((ext) => fs.existsSync(abs + ext))) {
      problems.push(`"${key}": ${abs} does not exist`);
    }
    return abs;
  };
  // Each field's type first, then whether the modules exist (the order the problems are said in).
  const workflows = str('workflowsPath', true);
  const activities = str('activities', false);
  const taskQueue = str('taskQueue', true);
  const namespace = str('namespace', false) ?? DEFAULT_NAMESPACE;
  const workflowsPath = module(workflows, 'workflowsPath');
  const activitiesPath = module(activities, 'activities');
  return { root, source, workflowsPath, activitiesPath, taskQueue, namespace, problems };
}
