// Which workflow code replays a run, found without asking where it can be: the files the workspace scan
// saw export the run's workflow type, else a module inside the workspace that live workers registered it
// from, else the workflows modules the Rewind configurations name (unless the scan saw them export other
// types only), else a module outside the workspace that a live worker runs (used, and said so). Asks (a pick list) only when two files export the type; when none does, says which folders were
// searched. No VS Code here.
import path from 'node:path';
import type { TaskQueueSummary } from '@rewind/sdk/protocol';

/** Where the workflow code may come from. */
export interface CodeSources {
  /** Each workspace folder's configured workflows module (rewind.config.*, package.json "rewind"). */
  configured: readonly { folder: string; workflowsPath: string }[];
  /** The exported workflow functions the scan of the workspace's sources found. */
  definitions: readonly { name: string; file: string }[];
  /** The workflows modules the live workers said they run, with the types registered from each (taskQueue.list). */
  registered: readonly { workflowsPath: string; workflowTypes: readonly string[]; taskQueue: string }[];
  /** The workspace folders searched. */
  folders: readonly string[];
}

export type CodeChoice =
  /**
   * One module: replay with it. `how` says how it was found; `note`, when there is one, is to be said (a
   * module outside the workspace, which a live worker runs).
   */
  | { kind: 'found'; workflowsPath: string; how: 'defines it' | 'configured' | 'registered'; note?: string }
  /** Several files export the type: the user picks one. */
  | { kind: 'ask'; candidates: string[] }
  /** Nothing in the workspace: the message says what was searched and what to do. */
  | { kind: 'none'; message: string };

export function chooseWorkflowCode(workflowType: string, sources: CodeSources): CodeChoice {
  const registeredFrom = sources.registered.filter((r) => r.workflowTypes.includes(workflowType));
  const registered = unique(registeredFrom.map((r) => r.workflowsPath));
  const defining = unique(sources.definitions.filter((d) => d.name === workflowType).map((d) => d.file));
  if (defining.length === 1) return { kind: 'found', workflowsPath: defining[0]!, how: 'defines it' };
  if (defining.length > 1) {
    // The one a live worker runs, or the configured one (the one the project's worker runs), decides.
    const run = defining.filter((file) => registered.includes(file));
    if (run.length === 1) return { kind: 'found', workflowsPath: run[0]!, how: 'registered' };
    const configured = defining.filter((file) => sources.configured.some((c) => c.workflowsPath === file));
    if (configured.length === 1) return { kind: 'found', workflowsPath: configured[0]!, how: 'configured' };
    return { kind: 'ask', candidates: defining.sort() };
  }
  // A live worker registered the type from these modules: it runs them, so they export it.
  const inside = registered.filter((file) => isInside(file, sources.folders));
  if (inside.length === 1) return { kind: 'found', workflowsPath: inside[0]!, how: 'registered' };
  if (inside.length > 1) return { kind: 'ask', candidates: inside.sort() };
  // The scan reads exported functions; a configured module may export the type some other way (a
  // re-export, a wrapped function): the replay itself checks that it does. One whose exported workflows
  // the scan read, without this type among them, does not: replaying with it would be a dead end.
  const scannedWithout = new Set(sources.definitions.map((d) => d.file));
  const configured = unique(sources.configured.map((c) => c.workflowsPath));
  const modules = configured.filter((file) => !scannedWithout.has(file));
  if (modules.length === 1) return { kind: 'found', workflowsPath: modules[0]!, how: 'configured' };
  if (modules.length > 1) return { kind: 'ask', candidates: modules.sort() };
  // Last, a module outside the workspace that a live worker runs: used, and said so.
  if (registered.length === 1) {
    const queues = unique(registeredFrom.map((r) => `'${r.taskQueue}'`)).join(', ');
    return {
      kind: 'found',
      workflowsPath: registered[0]!,
      how: 'registered',
      note:
        `Replaying ${workflowType} with ${registered[0]!}, outside the workspace: the live worker of task queue ${queues} runs it from there. ` +
        'Open its folder to set breakpoints in it.',
    };
  }
  if (registered.length > 1) return { kind: 'ask', candidates: registered.sort() };
  const where = sources.folders.length > 0 ? sources.folders.join(', ') : 'no folder (the window has no workspace folder open)';
  const configuration =
    configured.length > 0
      ? `and the configured workflows module${configured.length > 1 ? 's' : ''} (${configured.join(', ')}) export${configured.length > 1 ? '' : 's'} other types`
      : 'and no Rewind configuration names a workflows module';
  return {
    kind: 'none',
    message:
      `No file in the workspace exports the workflow type '${workflowType}' (searched ${where}), no live worker registered it ` +
      `from a module it named, ${configuration}. Pick the file that exports it, or open the folder of its project.`,
  };
}

/** Whether `file` is in one of `folders` (or is one). */
export function isInside(file: string, folders: readonly string[]): boolean {
  return folders.some((folder) => {
    const relative = path.relative(folder, file);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
  });
}

/** What the live workers said of their code (`taskQueue.list`; an older server says nothing), as a source. */
export function registeredCode(queues: readonly TaskQueueSummary[] | undefined): CodeSources['registered'] {
  return (queues ?? []).flatMap((q) => (q.workflowCode ?? []).map((code) => ({ ...code, taskQueue: q.name })));
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** What a JSON history's first event (Rewind's, or Temporal's export) names of its start: a string, or `{ name }`. */
function startField(history: unknown, key: 'workflowType' | 'taskQueue'): string | undefined {
  const first = (history as { events?: unknown[] } | null)?.events?.[0] as Record<string, unknown> | undefined;
  if (!first) return undefined;
  if (typeof first[key] === 'string') return first[key];
  const attributes = first.workflowExecutionStartedEventAttributes as Record<string, { name?: unknown } | undefined> | undefined;
  const name = attributes?.[key]?.name;
  return typeof name === 'string' ? name : undefined;
}

/** The workflow type a JSON history starts (Rewind's events, or Temporal's export), if it says. */
export function historyWorkflowType(history: unknown): string | undefined {
  return startField(history, 'workflowType');
}

/** The task queue a JSON history's run started on (Rewind's events, or Temporal's export), if it says. */
export function historyTaskQueue(history: unknown): string | undefined {
  return startField(history, 'taskQueue');
}
