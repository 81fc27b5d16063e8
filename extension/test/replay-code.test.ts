// Debug Replay and Replay History File… replay with the project's workflow interceptor modules: those of
// the Temporal project's Worker.create that runs the workflows module (interceptors.workflowModules, read as
// rewind dev reads them), named in the launch configuration they build, which the adapter then loads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readLaunchArguments } from '../src/debug-adapter/launch-plan';
import { replayLaunchConfig } from '../src/debug-host/launch-config';
import { replayCode } from '../src/debug-host/replay-code';

/** The projects here have no rewind.config.ts to evaluate. */
const noConfigModule = async (file: string): Promise<unknown> => {
  throw new Error(`${file} is not expected: these projects configure their worker in source`);
};

describe('the code a replay runs: workflows and the worker’s interceptor modules', function () {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A Temporal project (depends on @temporalio/worker) with src/workflows.ts, src/trace.ts and src/worker.ts. */
  function temporalProject(worker: string, files: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-replay-code-'));
    dirs.push(dir);
    const all = {
      'package.json': JSON.stringify({ dependencies: { '@temporalio/worker': '1.24.0' } }),
      'src/workflows.ts': 'export async function w(): Promise<string> {\n  return "w";\n}\n',
      'src/trace.ts': 'export const interceptors = () => ({ inbound: [], outbound: [] });\n',
      'src/worker.ts': worker,
      ...files,
    };
    for (const [name, text] of Object.entries(all)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }
  const history = { events: [] };
  /** A launch configuration as VS Code hands it to the adapter. */
  const asArguments = (config: object): Record<string, unknown> => ({ ...config });

  it('names the interceptor modules of the worker that runs the workflows, resolved, in the launch configuration', async function () {
    const dir = temporalProject(`import path from 'node:path';
import { Worker } from '@temporalio/worker';
Worker.create({
  workflowsPath: require.resolve('./workflows'),
  taskQueue: 'traced',
  interceptors: { workflowModules: [require.resolve('./trace'), path.join(__dirname, 'trace')] },
});`);
    const workflowsPath = path.join(dir, 'src/workflows.ts');
    const code = await replayCode(workflowsPath, noConfigModule, 'traced');
    const modules = [path.join(dir, 'src/trace.ts'), path.join(dir, 'src/trace')];
    assert.deepEqual(code, { workflowsPath, workflowInterceptorModules: modules });
    // The run's task queue is not needed: the worker rewind dev would run is the one.
    assert.deepEqual(await replayCode(workflowsPath, noConfigModule), code);

    const config = replayLaunchConfig('Replay traced-1', { history }, code, { workflowId: 'traced-1', runId: 'r' });
    assert.deepEqual(config.workflowInterceptorModules, modules);
    // What the adapter replays with: those modules (they exist).
    assert.deepEqual(readLaunchArguments(asArguments(config), dir).workflowInterceptorModules, modules);
  });

  it('names none for a worker without interceptors, or one that runs other workflows', async function () {
    const plain = temporalProject(`import { Worker } from '@temporalio/worker';
Worker.create({ workflowsPath: require.resolve('./workflows'), taskQueue: 'plain' });`);
    const workflowsPath = path.join(plain, 'src/workflows.ts');
    const code = await replayCode(workflowsPath, noConfigModule, 'plain');
    assert.deepEqual(code, { workflowsPath, workflowInterceptorModules: [] });
    const config = replayLaunchConfig('Replay plain-1', { history }, code);
    assert.equal('workflowInterceptorModules' in config, false);
    assert.deepEqual(readLaunchArguments(asArguments(config), plain).workflowInterceptorModules, []);

    const other = temporalProject(
      `import { Worker } from '@temporalio/worker';
Worker.create({ workflowsPath: require.resolve('./workflows'), taskQueue: 'q', interceptors: { workflowModules: [require.resolve('./trace')] } });`,
      { 'src/old-workflows.ts': 'export async function w(): Promise<string> {\n  return "old";\n}\n' },
    );
    assert.deepEqual((await replayCode(path.join(other, 'src/old-workflows.ts'), noConfigModule)).workflowInterceptorModules, []);
  });

  it("takes the run's task queue's worker when the project has several", async function () {
    const dir = temporalProject(`import { Worker } from '@temporalio/worker';
Worker.create({ workflowsPath: require.resolve('./workflows'), taskQueue: 'traced', interceptors: { workflowModules: [require.resolve('./trace')] } });
Worker.create({ workflowsPath: require.resolve('./workflows'), taskQueue: 'plain' });`);
    const workflowsPath = path.join(dir, 'src/workflows.ts');
    assert.deepEqual((await replayCode(workflowsPath, noConfigModule, 'traced')).workflowInterceptorModules, [
      path.join(dir, 'src/trace.ts'),
    ]);
    assert.deepEqual((await replayCode(workflowsPath, noConfigModule, 'plain')).workflowInterceptorModules, []);
    // A queue no worker of the project serves: the first worker's (the one rewind dev runs).
    assert.deepEqual((await replayCode(workflowsPath, noConfigModule, 'elsewhere')).workflowInterceptorModules, [
      path.join(dir, 'src/trace.ts'),
    ]);
  });
});
