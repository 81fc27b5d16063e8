// The options of a Temporal project's Worker.create beyond the four rewind dev configures itself with
// (workflowsPath, activities, taskQueue, namespace): those Rewind's worker takes with the same meaning are
// applied to rewind dev's worker when their values can be read from source (functions: when a project module
// exports them); each other one is named, with what leaving it out means.
import path from 'node:path';
import type { Value } from './source-values';

/** What rewind dev's worker takes from a Temporal project's Worker.create, as Rewind's WorkerOptions name them. */
export interface DevWorkerOptions {
  identity?: string;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  maxCachedWorkflows?: number;
  /** A duration, as Temporal's (`'10 seconds'`, or milliseconds). */
  shutdownGraceTime?: string | number;
  /** interceptors.workflowModules: bundled with the workflows (absolute paths). */
  workflowInterceptorModules?: string[];
  /** interceptors.activity: factories exported by project modules. */
  activityInterceptors?: ModuleExport[];
  /** sinks: the object a project module exports (or its namespace), or each sink exported by one. */
  sinks?: { whole: ModuleExport } | { each: Record<string, ModuleExport> };
}

/** A value a project module exports: its `name` export of `path` (absolute), `*` for the module's namespace. */
export interface ModuleExport {
  path: string;
  name: string;
}

/** Where a function is written in the file of Worker.create: what to do to have it applied. */
const EXPORT_IT = "rewind dev applies functions that a module of the project exports (import { x } from './x')";

/** The options rewind dev reads for its own configuration (temporal-worker-config.ts). */
const CONFIGURING = new Set(['workflowsPath', 'workflowBundle', 'activities', 'taskQueue', 'namespace']);
const NUMBERS = ['maxConcurrentActivityTaskExecutions', 'maxConcurrentWorkflowTaskExecutions', 'maxCachedWorkflows'] as const;

/** Options Rewind's worker has no such setting for, by what leaving them out means. */
const TUNING =
  "Rewind's worker has no such setting (it serves one machine's server; its own limits are maxConcurrent…TaskExecutions and maxCachedWorkflows)";
const NOT_APPLIED: Readonly<Record<string, string>> = {
  connection: "its worker connects to rewind dev's own server",
  buildId: 'rewind dev names each build by a hash of its code, to keep open runs on the build they started on',
  useVersioning: 'rewind dev pins runs to builds itself',
  workerDeploymentOptions: 'rewind dev pins runs to builds itself',
  dataConverter:
    "Rewind's worker reads and writes payloads with the default converter and no codec: what your clients encode with a payload codec or a custom converter does not decode here, and what the runs write is not encoded",
  tuner: TUNING,
  maxConcurrentLocalActivityExecutions: TUNING,
  maxActivitiesPerSecond: TUNING,
  maxTaskQueueActivitiesPerSecond: TUNING,
  maxConcurrentWorkflowTaskPolls: TUNING,
  maxConcurrentActivityTaskPolls: TUNING,
  nonStickyToStickyPollRatio: TUNING,
  workflowTaskPollerBehavior: TUNING,
  activityTaskPollerBehavior: TUNING,
  stickyQueueScheduleToStartTimeout: TUNING,
  defaultHeartbeatThrottleInterval: TUNING,
  maxHeartbeatThrottleInterval: TUNING,
  workflowThreadPoolSize: TUNING,
  reuseV8Context: TUNING,
  shutdownForceTime: 'a stopping worker waits for its activities for shutdownGraceTime only',
  nexusServices: 'Rewind has no Nexus',
  maxConcurrentNexusTaskExecutions: 'Rewind has no Nexus',
  maxConcurrentNexusTaskPolls: 'Rewind has no Nexus',
  enableNonLocalActivities: 'activities always run',
  bundlerOptions: 'rewind dev bundles the workflows with its own bundler',
  debugMode: 'rewind dev bundles the workflows with its own bundler',
  showStackTraceSources: "Rewind's stack traces name files and lines",
  plugins: "Rewind's worker has no plugins",
};

/** What rewind dev makes of the options: those applied (by name) and each other one with what that means. */
export interface WorkerOptionsReading {
  options: DevWorkerOptions;
  applied: string[];
  notApplied: NotApplied[];
}

/** An option rewind dev's worker runs without, and what that means. */
export interface NotApplied {
  option: string;
  means: string;
}

/**
 * Reads the options of a Worker.create (`at`: its file:line) beyond rewind dev's own four: `byKey` its keyed
 * options, `spread` whether it has a spread part, `root` the project folder.
 */
export function readWorkerOptions(byKey: ReadonlyMap<string, Value>, spread: boolean, root: string): WorkerOptionsReading {
  const options: DevWorkerOptions = {};
  const applied: string[] = [];
  const notApplied: NotApplied[] = [];
  const computed = (key: string, v: Value): void => void notApplied.push({ option: key, means: computedMeans(v) });

  for (const [key, v] of byKey) {
    if (CONFIGURING.has(key)) continue;
    if ((NUMBERS as readonly string[]).includes(key)) {
      if (v.kind === 'number' && Number.isInteger(v.value) && v.value >= 0) {
        options[key as (typeof NUMBERS)[number]] = v.value;
        applied.push(key);
      } else computed(key, v);
    } else if (key === 'identity') {
      if (v.kind === 'string') {
        options.identity = v.value;
        applied.push(key);
      } else computed(key, v);
    } else if (key === 'shutdownGraceTime') {
      if (v.kind === 'string' || v.kind === 'number') {
        options.shutdownGraceTime = v.value;
        applied.push(key);
      } else computed(key, v);
    } else if (key === 'interceptors') {
      readInterceptors(v, root, options, applied, notApplied);
    } else if (key === 'sinks') {
      const whole = moduleExport(v);
      const each = v.kind === 'object' ? v.entries.map((e) => [e.key, moduleExport(e.value)] as const) : [];
      if (whole) options.sinks = { whole };
      else if (each.length > 0 && each.every(([name, e]) => name !== undefined && e !== undefined)) {
        options.sinks = { each: Object.fromEntries(each) as Record<string, ModuleExport> };
      } else {
        notApplied.push({
          option: key,
          means: `a workflow call of a sink (proxySinks) is logged as an error instead of made; ${EXPORT_IT}`,
        });
        continue;
      }
      applied.push(`sinks (${where(root, whole ? [whole] : each.map(([, e]) => e!))})`);
    } else {
      notApplied.push({ option: key, means: NOT_APPLIED[key] ?? "not an option of Rewind's worker" });
    }
  }
  if (spread) notApplied.push({ option: '...spread', means: 'rewind dev reads only the options written in the call' });
  return { options, applied, notApplied };
}

/** interceptors: `workflowModules` applied when each is a path of the project; `activity` (factories) named. */
function readInterceptors(v: Value, root: string, options: DevWorkerOptions, applied: string[], notApplied: NotApplied[]): void {
  if (v.kind !== 'object' || v.entries.some((e) => e.key === undefined)) {
    notApplied.push({ option: 'interceptors', means: `${computedMeans(v)}: the runs and activities run without them` });
    return;
  }
  for (const { key, value } of v.entries) {
    if (key === 'workflowModules') {
      const modules = value.kind === 'array' ? value.items.map((m) => (m.kind === 'path' ? m.value : undefined)) : [undefined];
      if (modules.every((m) => m !== undefined) && modules.length > 0) {
        options.workflowInterceptorModules = modules;
        applied.push(`interceptors.workflowModules (${modules.map((m) => path.relative(root, m)).join(', ')})`);
      } else
        notApplied.push({
          option: 'interceptors.workflowModules',
          means:
            "not each one a path rewind dev can read from source (as require.resolve('./interceptors')): the workflows run without these interceptors",
        });
    } else if (key === 'activity') {
      const factories = value.kind === 'array' ? value.items.map(moduleExport) : [undefined];
      if (factories.length > 0 && factories.every((f) => f !== undefined)) {
        options.activityInterceptors = factories;
        applied.push(`interceptors.activity (${where(root, factories)})`);
      } else notApplied.push({ option: 'interceptors.activity', means: `activities run without these interceptors; ${EXPORT_IT}` });
    } else notApplied.push({ option: `interceptors.${key ?? '…'}`, means: "not an interceptor kind of Rewind's worker" });
  }
}

/** A project module's export, or namespace, that `v` is. */
function moduleExport(v: Value): ModuleExport | undefined {
  if (v.kind === 'export') return { path: v.path, name: v.name };
  if (v.kind === 'module') return { path: v.path, name: '*' };
  return undefined;
}

/** The modules of `exports`, relative to the project folder. */
function where(root: string, exports: ModuleExport[]): string {
  return [...new Set(exports.map((e) => path.relative(root, e.path)))].join(', ');
}

/** What a value rewind dev cannot read means. */
function computedMeans(v: Value): string {
  return `${v.kind === 'unknown' ? `\`${v.text}\` is ` : ''}computed when the worker runs (rewind dev reads values from source); its default applies`;
}
