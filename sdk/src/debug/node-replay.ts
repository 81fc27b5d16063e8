// The replay behind "Open in Node debugger": the Rewind session's replay once more, in a process that
// VS Code's JavaScript debugger runs, with the bundle's source map inline so that breakpoints in the
// user's .ts files bind and every local is there. It calls `pause` where the code reaches the site
// of the event the Rewind session is at (before the replay when that event has no site), then runs the
// replay to that event's workflow task and stops.
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '../worker/sandbox/bundler';
import { parseHistory } from '../worker/workflows/replay';
import { WorkflowSandbox } from '../worker/sandbox/sandbox';
import { ReplayCursor } from './replay-cursor';
import { replayIdentity } from './replay-identity';
import { TaskCuts } from './task-cuts';

export interface NodeReplayOptions {
  /** The history (`{ events: [...] }`, Rewind's or Temporal's JSON). */
  history: unknown;
  workflowsPath: string;
  /** The worker's workflow interceptor modules, bundled with the workflows (as the Rewind session's). */
  workflowInterceptorModules?: string[];
  /** The event to replay to. */
  eventId: number;
  /** The code site to pause at (`info.site` of the event or `site` of a pending coroutine in the Rewind session). */
  site?: number;
  /** Called with the code that reached the site on the stack: the caller's `debugger` statement. */
  pause: () => void;
}

export interface NodeReplayOutcome {
  /** Whether the replay reached the site (and paused there). */
  paused: boolean;
  /** Why the replay stopped early (non-determinism, the code threw), if it did. */
  error?: unknown;
}

export async function replayInNode(options: NodeReplayOptions): Promise<NodeReplayOutcome> {
  const history = parseHistory(options.history);
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.resolve(options.workflowsPath),
    workflowInterceptorModules: options.workflowInterceptorModules ?? [],
  });
  // Under Node's debugger, console lines of the replayed code show in the Debug Console (V8's console).
  const sandbox = await WorkflowSandbox.create(withInlineSourceMap(bundle), undefined, { nativeConsole: true });
  const cursor = new ReplayCursor(sandbox, history, replayIdentity(sandbox, history));
  let paused = false;
  if (options.site === undefined) {
    paused = true;
    options.pause();
  }
  sandbox.setSiteHook((site) => {
    if (site !== options.site) return;
    paused = true;
    options.pause();
  });
  try {
    cursor.advanceTo(new TaskCuts(history.events).cutFor(options.eventId));
    return { paused, ...(cursor.error !== undefined ? { error: cursor.error } : {}) };
  } finally {
    sandbox.setSiteHook(undefined);
    cursor.dispose();
  }
}

/** The bundle with its source map as a data URL at the end (a debugger maps the bundle to the .ts files with it). */
function withInlineSourceMap(bundle: WorkflowBundle): WorkflowBundle {
  if (bundle.sourceMap === undefined) return bundle;
  const data = Buffer.from(bundle.sourceMap).toString('base64');
  return { ...bundle, code: `${bundle.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${data}\n` };
}
