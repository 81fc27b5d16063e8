// A Temporal project's configuration, read from its source where it has no Rewind configuration: the
// options of each `Worker.create({ workflowsPath, activities, taskQueue, namespace })` of @temporalio/worker
// in its files, read without running them (source-values.ts); what cannot be read is said, with what to write
// instead; its other options are read by temporal-worker-options.ts.
import fs from 'node:fs';
import path from 'node:path';
import { resolveSourceModule, SourceFile } from './source-file';
import { exportedValue, valueOf, type Value } from './source-values';
import { readWorkerOptions, type WorkerOptionsReading } from './temporal-worker-options';

/** Where Worker comes from. */
const WORKER_MODULES = new Set(['@temporalio/worker', '@rewind/sdk/worker']);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const TS_SOURCE = /\.(ts|tsx|mts|cts)$/;
/** A test's file (its workers run under a test environment, not as the project's worker). */
const TEST_FILE = /(^|[/\\])(test|tests|__tests__|mocha|jest|spec)[/\\]|\.(test|spec)\.[cm]?[jt]sx?$/;
/** Folders never searched; and a walk stops after this many files (a project this big has a configuration to write). */
const SKIPPED = /^(node_modules|\..*)$/;
const MAX_FILES = 5000;

/** What one `Worker.create` call says. */
export interface TemporalWorkerCall {
  file: string;
  line: number;
  workflowsPath?: string;
  activitiesPath?: string;
  taskQueue?: string;
  namespace?: string;
  /** Each option that cannot be read, as `"taskQueue": … (src/worker.ts:12) is computed when the worker runs`. */
  problems: string[];
  /** Its other options: those rewind dev's worker applies, and those it does not (temporal-worker-options.ts). */
  others?: WorkerOptionsReading;
}

/** Whether the package.json in `dir` depends on @temporalio/worker (the mark of a Temporal project). */
export function isTemporalProject(dir: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((k) => pkg[k]?.['@temporalio/worker']);
  } catch {
    return false;
  }
}

/**
 * The Worker.create calls of the project's source: of its .ts files (its .js files only when it has no .ts
 * one, since a TypeScript project's .js are its build), and of its tests only when nothing else has one;
 * those whose options can all be read first, then in the order of their files' paths.
 */
export function findTemporalWorkers(root: string): TemporalWorkerCall[] {
  const files = sourceFiles(root).filter((f) => fs.readFileSync(f, 'utf8').includes('Worker'));
  let calls = files.flatMap((f) => workerCallsIn(root, f));
  const prefer = (keep: (c: TemporalWorkerCall) => boolean): void => {
    const kept = calls.filter(keep);
    if (kept.length > 0) calls = kept;
  };
  prefer((c) => TS_SOURCE.test(c.file));
  prefer((c) => !TEST_FILE.test(path.relative(root, c.file)));
  return [...calls.filter((c) => c.problems.length === 0), ...calls.filter((c) => c.problems.length > 0)];
}

function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const e of entries) {
      if (found.length >= MAX_FILES) return;
      if (e.isDirectory() && !SKIPPED.test(e.name)) walk(path.join(dir, e.name));
      else if (e.isFile() && SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) found.push(path.join(dir, e.name));
    }
  };
  walk(root);
  return found;
}

function workerCallsIn(root: string, file: string): TemporalWorkerCall[] {
  let source: SourceFile;
  try {
    source = SourceFile.read(file);
  } catch {
    return [];
  }
  const t = source.tokens;
  const calls: TemporalWorkerCall[] = [];
  for (let k = 2; k < t.length; k++) {
    if (t[k]!.value !== 'create' || t[k]!.kind !== 'id' || t[k - 1]!.value !== '.' || t[k + 1]?.value !== '(') continue;
    if (!isWorker(source, k - 2)) continue;
    const close = source.closing(k + 1);
    const args = source.split(k + 2, close);
    const line = source.line(k);
    const at = `${path.relative(root, file)}:${line}`;
    const options = args[0] ? valueOf(source, args[0]) : undefined;
    if (options?.kind !== 'object') {
      const text = options?.kind === 'unknown' ? `\`${options.text}\`` : 'its options';
      calls.push({ file, line, problems: [`Worker.create (${at}) is passed ${text}, which rewind dev cannot read without running it`] });
      continue;
    }
    calls.push({ file, line, ...readOptions(root, file, at, options) });
  }
  return calls;
}

/** Whether the tokens ending at k are `Worker` of a worker module (`Worker`, `W` imported as it, `temporal.Worker`). */
function isWorker(source: SourceFile, k: number): boolean {
  const t = source.tokens;
  const name = t[k];
  if (name?.kind !== 'id') return false;
  if (t[k - 1]?.value === '.') {
    const ns = t[k - 2]?.kind === 'id' ? source.imports.get(t[k - 2]!.value) : undefined;
    return name.value === 'Worker' && ns !== undefined && WORKER_MODULES.has(ns.module) && (ns.name === '*' || ns.name === 'default');
  }
  const b = source.imports.get(name.value);
  return b !== undefined && WORKER_MODULES.has(b.module) && b.name === 'Worker';
}

function readOptions(
  root: string,
  file: string,
  at: string,
  options: Extract<Value, { kind: 'object' }>,
): Omit<TemporalWorkerCall, 'file' | 'line'> {
  const problems: string[] = [];
  const byKey = new Map(options.entries.filter((e) => e.key !== undefined).map((e) => [e.key!, e.value]));
  const spread = options.entries.some((e) => e.key === undefined);
  const computed = (key: string, v: Value): void => {
    const what = v.kind === 'unknown' ? `\`${v.text}\` (${at.replace(/:\d+$/, `:${v.line}`)})` : `what it is passed (${at})`;
    // rewind dev takes activities as a module's exports: a factory's (dependency injection) need such a module.
    const activities =
      key === 'activities'
        ? ' (rewind dev loads activities as the exports of one module: write one that exports them, e.g. `export const { a, b } = createActivities(…)`)'
        : '';
    if (v.kind === 'absent' && v.text !== undefined) {
      problems.push(
        `"${key}": \`${v.text}\` (${at.replace(/:\d+$/, `:${v.line}`)}) is undefined: an environment variable it reads is not set here`,
      );
    } else problems.push(`"${key}": ${what} is computed when the worker runs${activities}`);
  };
  const missing = (key: string): void =>
    void problems.push(`"${key}": Worker.create (${at}) ${spread ? 'gets it from a spread object' : 'is not given it'}`);

  let workflowsPath: string | undefined;
  const w = byKey.get('workflowsPath');
  if (w === undefined) {
    if (byKey.has('workflowBundle'))
      problems.push(
        `"workflowsPath": Worker.create (${at}) is given a prebuilt workflowBundle; rewind dev builds the workflows from their source`,
      );
    else missing('workflowsPath');
  } else if (w.kind === 'path' || w.kind === 'string') {
    // A relative string is relative to where the worker runs: the project folder, else the worker's own.
    const candidates = path.isAbsolute(w.value) ? [w.value] : [path.resolve(root, w.value), path.resolve(path.dirname(file), w.value)];
    workflowsPath = candidates.map((c) => resolveSourceModule(c)).find((c) => c !== undefined);
    if (!workflowsPath) problems.push(`"workflowsPath": ${candidates[0]} (${at}) does not exist`);
  } else computed('workflowsPath', w);

  let activitiesPath: string | undefined;
  const a = byKey.get('activities');
  if (a !== undefined) {
    const modules = new Set<string>();
    const parts = a.kind === 'object' ? a.entries.map((e) => e.value) : [a];
    for (const part of parts) {
      if (part.kind === 'module' || part.kind === 'export') modules.add(part.path);
      else computed('activities', part);
    }
    if (modules.size > 1) {
      const names = [...modules].map((m) => path.relative(root, m)).join(', ');
      problems.push(
        `"activities": Worker.create (${at}) takes them from several modules (${names}); rewind dev loads one: export them all from one module`,
      );
    } else activitiesPath = [...modules][0];
  }

  const text = (key: 'taskQueue' | 'namespace'): string | undefined => {
    const v = byKey.get(key);
    if (v === undefined) return undefined;
    const value = v.kind === 'export' ? (exportedValue(v.path, v.name) ?? v) : v;
    if (value.kind === 'string' && value.value !== '') return value.value;
    computed(key, value);
    return undefined;
  };
  const taskQueue = text('taskQueue');
  if (!byKey.has('taskQueue')) missing('taskQueue');
  const namespace = text('namespace');
  return {
    others: readWorkerOptions(byKey, spread, root),
    ...(workflowsPath ? { workflowsPath } : {}),
    ...(activitiesPath ? { activitiesPath } : {}),
    ...(taskQueue ? { taskQueue } : {}),
    ...(namespace ? { namespace } : {}),
    problems,
  };
}
