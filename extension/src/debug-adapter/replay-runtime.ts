// Loads the replay runtime from the workspace's own @rewind/sdk at run time (a .vsix carries no
// node_modules, and the workflow code must replay with the sdk it was written against).
import type * as NodeReplayModule from '@rewind/sdk/internal/debug/node-replay';
import type * as ReplaySessionModule from '@rewind/sdk/internal/debug/replay-session';

export type ReplayRuntime = typeof ReplaySessionModule;
export type ReplaySession = ReplaySessionModule.ReplaySession;
export type NodeReplay = typeof NodeReplayModule;

/** The replay session of the `rewind` debug adapter. */
export function loadReplayRuntime(folders: readonly string[]): ReplayRuntime {
  return loadSdkDebugModule<ReplayRuntime>(folders, 'replay-session', (m) => typeof m.ReplaySession?.load === 'function');
}

/** The replay that "Open in Node debugger" runs. */
export function loadNodeReplay(folders: readonly string[]): NodeReplay {
  return loadSdkDebugModule<NodeReplay>(folders, 'node-replay', (m) => typeof m.replayInNode === 'function');
}

/** Requires `@rewind/sdk/internal/debug/<name>` from the first folder (or a parent's node_modules) that has the sdk. */
function loadSdkDebugModule<T>(folders: readonly string[], name: string, usable: (m: Partial<T>) => boolean): T {
  // Built at run time so that esbuild leaves the require to Node (never inlines the sdk into the bundle).
  const id = ['@rewind/sdk', 'internal', 'debug', name].join('/');
  let resolved: string | undefined;
  for (const folder of folders) {
    try {
      resolved = require.resolve(id, { paths: [folder] });
      break;
    } catch {
      // Not installed there: try the next folder.
    }
  }
  if (!resolved) {
    throw new Error(
      `The workspace has no @rewind/sdk (looked from ${folders.join(', ')}), and the replay debugger runs the ` +
        'workflow code with it: install it with npm install @rewind/sdk.',
    );
  }
  const module = require(resolved) as Partial<T>;
  if (!usable(module)) {
    throw new Error(
      `The @rewind/sdk at ${resolved} has no replay debugger (or an older one): update it with npm install @rewind/sdk@latest.`,
    );
  }
  return module as T;
}
