// The `rewind` launch configuration (the contract with the debug adapter in ../debug): building one for
// a run or a history file, and checking one a user wrote in launch.json. No VS Code here.
import path from 'node:path';
import type { History } from '@rewind/sdk/protocol';

export const DEBUG_TYPE = 'rewind';

/** When neither the launch configuration nor the workspace says which workflow code to replay with. */
export const NO_WORKFLOWS_PATH =
  'Rewind does not know which workflow code to replay the history with: add "workflowsPath" to rewind.config.json (or to the "rewind" field of package.json), or to the launch configuration.';

/** What the adapter's launch request takes: a history (inline or a file) and the workflow code to replay it with. */
export interface RewindLaunchConfig {
  type: typeof DEBUG_TYPE;
  request: 'launch';
  name: string;
  /** A JSON history file: `rewind workflow show --output json`, or Temporal's JSON export. */
  historyFile?: string;
  /** The history itself (`{ events: [...] }`), as the extension read it from the server. */
  history?: Pick<History, 'events'>;
  /** The absolute path of the workspace's workflows module. */
  workflowsPath: string;
  stopOnEntry?: boolean;
  /** The run the history is of, when it came from the server (its history panel follows the debugger). */
  workflowId?: string;
  runId?: string;
}

/** Where the history comes from. */
export type HistorySource = { history: Pick<History, 'events'> } | { historyFile: string };

/** The launch configuration that replays `source` with the workflows of `workflowsPath`, stopping on entry. */
export function replayLaunchConfig(
  name: string,
  source: HistorySource,
  workflowsPath: string,
  run?: { workflowId: string; runId: string },
): RewindLaunchConfig {
  const ids = run ? { workflowId: run.workflowId, runId: run.runId } : {};
  return { type: DEBUG_TYPE, request: 'launch', name, ...source, workflowsPath, stopOnEntry: true, ...ids };
}

/** The session name for a history file: "Replay order-1.json". */
export const historyFileSessionName = (file: string): string => `Replay ${path.basename(file)}`;

/** Whether a configuration says where its history comes from (if not, the user is asked for a file). */
export const hasHistorySource = (config: Readonly<Record<string, unknown>>): boolean =>
  config.history !== undefined || config.historyFile !== undefined;

/** What is wrong with a launch configuration once its variables are substituted (undefined if nothing),
 * said so that the user knows what to write. */
export function launchConfigProblem(config: Readonly<Record<string, unknown>>): string | undefined {
  const { history, historyFile, workflowsPath, stopOnEntry } = config;
  if (typeof workflowsPath !== 'string' || workflowsPath === '')
    return 'it needs "workflowsPath": the absolute path of the module that exports your workflows (or set workflowsPath in rewind.config.json or the "rewind" field of package.json)';
  if (history !== undefined && historyFile !== undefined) return 'give either "history" or "historyFile", not both';
  if (historyFile !== undefined && (typeof historyFile !== 'string' || historyFile === ''))
    return '"historyFile" must be the path of a JSON history file';
  if (history !== undefined && !Array.isArray((history as { events?: unknown } | null)?.events))
    return '"history" must be an object with an "events" array, as `rewind workflow show --output json` writes';
  if (history === undefined && historyFile === undefined) return 'it needs "historyFile" (or an inline "history")';
  if (stopOnEntry !== undefined && typeof stopOnEntry !== 'boolean') return '"stopOnEntry" must be true or false';
  return undefined;
}

/** The configuration with its relative paths made absolute against `folder` (the workspace folder, if any). */
export function withAbsolutePaths<T extends Readonly<Record<string, unknown>>>(config: T, folder: string | undefined): T {
  if (!folder) return config;
  const abs = (p: unknown): unknown => (typeof p === 'string' && p !== '' && !path.isAbsolute(p) ? path.resolve(folder, p) : p);
  return {
    ...config,
    ...(config.workflowsPath !== undefined ? { workflowsPath: abs(config.workflowsPath) } : {}),
    ...(config.historyFile !== undefined ? { historyFile: abs(config.historyFile) } : {}),
  };
}
