// Loads the replay runtime from the workspace's own @rewind/sdk at run time (a .vsix carries no
// node_modules, and the workflow code must replay with the sdk it was written against).
import type * as ReplaySessionModule from '@rewind/sdk/internal/debug/replay-session';

export type ReplayRuntime = typeof ReplaySessionModule;
export type ReplaySession = ReplaySessionModule.ReplaySession;

// Built at run time so that esbuild leaves the require to Node (never inlines the sdk into the bundle).
const RUNTIME_MODULE = ['@rewind/sdk', 'internal', 'debug', 'replay-session'].join('/');

/** Requires the runtime from the first folder (or a parent's node_modules) that has @rewind/sdk. */
export function loadReplayRuntime(folders: readonly string[]): ReplayRuntime {
  let resolved: string | undefined;
  for (const folder of folders) {
    try {
      resolved = require.resolve(RUNTIME_MODULE, { paths: [folder] });
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
  const runtime = require(resolved) as Partial<ReplayRuntime>;
  if (typeof runtime.ReplaySession?.load !== 'function') {
    throw new Error(`The @rewind/sdk at ${resolved} has no replay debugger: update it with npm install @rewind/sdk@latest.`);
  }
  return runtime as ReplayRuntime;
}
