// The code a replay runs: the workflows module, and the workflow interceptor modules its project's worker
// bundles with it (a Temporal project's Worker.create interceptors.workflowModules, read by the one reader
// rewind dev uses), so a run replays with the interceptors it ran with. No VS Code here.
import path from 'node:path';
import {
  findProjectDir,
  readProjectSettings,
  type LoadConfigModule,
  type ProjectSettings,
} from '@rewind/sdk/internal/project/project-config';

export interface ReplayCode {
  workflowsPath: string;
  /** The worker's interceptors.workflowModules (absolute), bundled with the workflows; none if it has none. */
  workflowInterceptorModules: string[];
}

/**
 * The code that replays with `workflowsPath`: with the interceptor modules of the project's worker that runs
 * that module (of `taskQueue`'s worker if the project has one, else of the one rewind dev runs). A project
 * whose configuration cannot be read, or whose worker runs other workflows, gives none.
 */
export async function replayCode(workflowsPath: string, loadModule: LoadConfigModule, taskQueue?: string): Promise<ReplayCode> {
  const dir = findProjectDir(path.dirname(workflowsPath));
  const read = (choice: { taskQueue?: string }): Promise<ProjectSettings | undefined> =>
    readProjectSettings(dir, loadModule, choice).catch(() => undefined); // The workspace's readers say what is wrong with it.
  let settings = taskQueue === undefined ? undefined : await read({ taskQueue });
  if (settings?.workflowsPath === undefined) settings = await read({});
  const runsIt = settings?.workflowsPath !== undefined && sameModule(settings.workflowsPath, workflowsPath);
  return { workflowsPath, workflowInterceptorModules: runsIt ? [...(settings?.worker?.workflowInterceptorModules ?? [])] : [] };
}

/** Whether two paths name one module (`src/workflows` and `src/workflows.ts` do). */
function sameModule(a: string, b: string): boolean {
  const bare = (p: string): string => path.resolve(p).replace(/\.(ts|mts|cts|js|mjs|cjs)$/, '');
  return bare(a) === bare(b);
}
