// rewind dev says when a worker it did not start polls its task queue (a project's own worker.ts left
// running takes the queue's tasks with its own code), once per worker, and never of its own workers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DevProcess } from '../helpers/dev-process';
import { startOrderWorker, type Child } from '../helpers/processes';
import { tempDir } from '../helpers/temp';

describe('rewind dev and other workers on its task queue', function () {
  this.timeout(90_000);
  let dev: DevProcess | undefined;
  let other: Child | undefined;

  after(async function () {
    await other?.kill();
    await dev?.kill();
  });

  it('tells of a worker it did not start, not of its own', async function () {
    const project = tempDir('rewind-dev-others-');
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'dev-others', private: true, rewind: { workflowsPath: './src/workflows.ts', taskQueue: 'orders' } }),
    );
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), 'export async function hello(): Promise<string> {\n  return "hi";\n}\n');
    dev = DevProcess.start(project);
    const address = await dev.address();
    const mark = dev.output.length;
    // The order sample's worker, on the same queue: a worker of other code.
    other = await startOrderWorker(address);
    const out = await dev.waitFor(/Another worker polls task queue 'orders' too \(\d+@[^)]+\): it takes the queue's tasks/, mark);
    assert.match(out, /Stop it while rewind dev runs/);
    assert.equal(dev.output.split('Another worker polls').length - 1, 1, "one worker told of, not rewind dev's own");
  });
});
