// Which workflow code replays a run, found without asking where it can be: the files the workspace scan
// saw export the run's workflow type, else the workflows modules the Rewind configurations name. Asks
// (a pick list) only when two files export the type; when none does, says which folders were searched.
// No VS Code here.

/** Where the workflow code may come from. */
export interface CodeSources {
  /** Each workspace folder's configured workflows module (rewind.config.*, package.json "rewind"). */
  configured: readonly { folder: string; workflowsPath: string }[];
  /** The exported workflow functions the scan of the workspace's sources found. */
  definitions: readonly { name: string; file: string }[];
  /** The workspace folders searched. */
  folders: readonly string[];
}

export type CodeChoice =
  /** One module: replay with it. `how` says how it was found. */
  | { kind: 'found'; workflowsPath: string; how: 'defines it' | 'configured' }
  /** Several files export the type: the user picks one. */
  | { kind: 'ask'; candidates: string[] }
  /** Nothing in the workspace: the message says what was searched and what to do. */
  | { kind: 'none'; message: string };

export function chooseWorkflowCode(workflowType: string, sources: CodeSources): CodeChoice {
  const defining = [...new Set(sources.definitions.filter((d) => d.name === workflowType).map((d) => d.file))];
  if (defining.length === 1) return { kind: 'found', workflowsPath: defining[0]!, how: 'defines it' };
  if (defining.length > 1) {
    // A configured module among them is the one the project's worker runs.
    const configured = defining.filter((file) => sources.configured.some((c) => c.workflowsPath === file));
    if (configured.length === 1) return { kind: 'found', workflowsPath: configured[0]!, how: 'configured' };
    return { kind: 'ask', candidates: defining.sort() };
  }
  // The scan reads exported functions; a configured module may export the type some other way (a
  // re-export, a wrapped function): the replay itself checks that it does.
  const modules = [...new Set(sources.configured.map((c) => c.workflowsPath))];
  if (modules.length === 1) return { kind: 'found', workflowsPath: modules[0]!, how: 'configured' };
  if (modules.length > 1) return { kind: 'ask', candidates: modules.sort() };
  const where = sources.folders.length > 0 ? sources.folders.join(', ') : 'no folder (the window has no workspace folder open)';
  return {
    kind: 'none',
    message:
      `No file in the workspace exports the workflow type '${workflowType}' (searched ${where}), and no Rewind configuration names a workflows module. ` +
      'Pick the file that exports it, or open the folder of its project.',
  };
}

/** The workflow type a JSON history starts (Rewind's events, or Temporal's export), if it says. */
export function historyWorkflowType(history: unknown): string | undefined {
  const first = (history as { events?: unknown[] } | null)?.events?.[0] as Record<string, unknown> | undefined;
  if (!first) return undefined;
  if (typeof first.workflowType === 'string') return first.workflowType;
  const attributes = first.workflowExecutionStartedEventAttributes as { workflowType?: { name?: unknown } } | undefined;
  return typeof attributes?.workflowType?.name === 'string' ? attributes.workflowType.name : undefined;
}
