// The `rewind` launch configurations the extension builds (for a run, or a history file) and what it
// does to one a user wrote in launch.json before checking it. What the attributes are and how they are
// checked is defined once, with the adapter that takes them (../debug-adapter/launch-arguments.ts).
// No VS Code here.
import path from 'node:path';
import { PATH_ATTRIBUTES, type RewindLaunchArguments } from '../debug-adapter/launch-arguments';

export const DEBUG_TYPE = 'rewind';

/** A `rewind` launch configuration, as the extension builds it. */
export interface RewindLaunchConfig extends RewindLaunchArguments {
  type: typeof DEBUG_TYPE;
  request: 'launch';
  name: string;
  /** The run the history is of, when it came from the server (its history panel follows the debugger). */
  workflowId?: string;
  runId?: string;
}

/** Where the history comes from. */
export type HistorySource = Required<Pick<RewindLaunchArguments, 'history'>> | Required<Pick<RewindLaunchArguments, 'historyFile'>>;

/** The code a replay runs: the workflows module, and the workflow interceptor modules bundled with it (if any). */
export interface ReplayCodePaths {
  workflowsPath: string;
  workflowInterceptorModules?: readonly string[];
}

/** The launch configuration that replays `source` with `code` (its workflows, and interceptors if any), stopping on entry. */
export function replayLaunchConfig(
  name: string,
  source: HistorySource,
  code: ReplayCodePaths,
  run?: { workflowId: string; runId: string },
): RewindLaunchConfig {
  const ids = run ? { workflowId: run.workflowId, runId: run.runId } : {};
  const modules = code.workflowInterceptorModules ?? [];
  const interceptors = modules.length > 0 ? { workflowInterceptorModules: [...modules] } : {};
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name,
    ...source,
    workflowsPath: code.workflowsPath,
    ...interceptors,
    stopOnEntry: true,
    ...ids,
  };
}

/** The session name for a history file: "Replay order-1.json". */
export const historyFileSessionName = (file: string): string => `Replay ${path.basename(file)}`;

/** Whether a configuration says where its history comes from (if not, the user is asked for a file). */
export const hasHistorySource = (config: Readonly<Record<string, unknown>>): boolean =>
  config.history !== undefined || config.historyFile !== undefined;

/** The configuration with its relative paths made absolute against `folder` (the workspace folder, if any). */
export function withAbsolutePaths<T extends Readonly<Record<string, unknown>>>(config: T, folder: string | undefined): T {
  if (!folder) return config;
  const absolute = { ...config } as Record<string, unknown>;
  for (const name of PATH_ATTRIBUTES) {
    const p = config[name];
    const resolve = (one: unknown): unknown =>
      typeof one === 'string' && one !== '' && !path.isAbsolute(one) ? path.resolve(folder, one) : one;
    if (p !== undefined) absolute[name] = Array.isArray(p) ? p.map(resolve) : resolve(p);
  }
  return absolute as T;
}
