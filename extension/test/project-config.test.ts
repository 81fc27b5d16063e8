// The extension reads a project's Rewind configuration as `rewind dev` does, with the same reader: the
// same workflowsPath and taskQueue from rewind.config.json, package.json "rewind" and rewind.config.ts,
// which the scan thread (the built dist/scan-thread.js, as the extension runs it) evaluates with
// Rewind's own TypeScript, where rewind dev bundles it with esbuild.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ts from 'typescript';
import { readProjectSettings } from '@rewind/sdk/internal/project/project-config';
import { loadDevConfig } from '../../devserver/src/dev/dev-config';
import { evaluateConfigModule } from '../src/workspace/config-module';
import { WorkflowScanner } from '../src/workspace/workflow-scanner';

const THREAD = path.resolve(__dirname, '../dist/scan-thread.js');

describe('project config (extension side)', function () {
  const dirs: string[] = [];
  const scanner = new WorkflowScanner(THREAD);
  after(() => {
    scanner.dispose();
    dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  /** A project folder with these files (and src/workflows.ts, which the reader checks exists). */
  function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-project-config-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src/workflows.ts'), 'export async function w(): Promise<void> {}\n');
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  /** What the extension finds (workspace/project-config.ts, without VS Code's folders). */
  const extensionReads = (dir: string) => readProjectSettings(dir, (file) => scanner.loadConfigModule(file));

  for (const [what, files] of [
    ['rewind.config.json', { 'rewind.config.json': JSON.stringify({ workflowsPath: './src/workflows.ts', taskQueue: 'q1' }) }],
    [
      'package.json "rewind"',
      { 'package.json': JSON.stringify({ name: 'p', rewind: { workflowsPath: 'src/workflows.ts', taskQueue: 'q2' } }) },
    ],
    [
      'rewind.config.json before package.json',
      {
        'rewind.config.json': JSON.stringify({ workflowsPath: 'src/workflows.ts', taskQueue: 'first' }),
        'package.json': JSON.stringify({ rewind: { workflowsPath: 'elsewhere.ts', taskQueue: 'second' } }),
      },
    ],
    [
      'rewind.config.ts (code, not only a literal)',
      {
        'rewind.config.ts':
          "const queue: string = 'q' + 2;\nexport default { workflowsPath: './src/workflows.ts', taskQueue: queue, namespace: 'team' } satisfies object;\n",
      },
    ],
    [
      'rewind.config.ts that imports a project module (the queue shared with the worker), written as ESM does',
      {
        'src/queue.ts': "import names from './names.json';\nexport const TASK_QUEUE = `${names.prefix}-orders`;\n",
        'src/names.json': JSON.stringify({ prefix: 'shop' }),
        'rewind.config.ts':
          "import path from 'node:path';\nimport { TASK_QUEUE } from './src/queue.js';\n" +
          "export default { workflowsPath: path.join('src', 'workflows.ts'), taskQueue: TASK_QUEUE };\n",
      },
    ],
    [
      'rewind.config.ts before package.json',
      {
        'rewind.config.ts': "module.exports = { workflowsPath: 'src/workflows.ts', taskQueue: 'from-ts' };\n",
        'package.json': JSON.stringify({ rewind: { workflowsPath: 'elsewhere.ts', taskQueue: 'from-package' } }),
      },
    ],
    [
      'a Temporal project without one: its Worker.create (what Debug Replay and Start Workflow use)',
      {
        'package.json': JSON.stringify({ name: 'p', dependencies: { '@temporalio/worker': '1.24.0' } }),
        'src/worker.ts':
          "import { Worker } from '@temporalio/worker';\n" +
          "Worker.create({ workflowsPath: require.resolve('./workflows'), taskQueue: 'from-worker' });\n",
      },
    ],
  ] as const) {
    it(`finds what rewind dev finds in ${what}`, async function () {
      const dir = project(files);
      const dev = await loadDevConfig(dir);
      const ours = await extensionReads(dir);
      assert.deepEqual(ours?.problems, []);
      assert.equal(ours.workflowsPath, dev.workflowsPath);
      assert.equal(ours.taskQueue, dev.taskQueue);
      assert.equal(ours.namespace, dev.namespace);
      assert.equal(ours.source, dev.source);
      assert.ok(path.isAbsolute(ours.workflowsPath!));
      assert.equal(ours.detected, dev.detected);
    });
  }

  it('says why a rewind.config.ts cannot be read, as rewind dev does', async function () {
    const dir = project({ 'rewind.config.ts': "throw new Error('no config today');\n" });
    const file = path.join(dir, 'rewind.config.ts');
    await assert.rejects(extensionReads(dir), { message: `Cannot read ${file}: no config today` });
    await assert.rejects(loadDevConfig(dir), { message: `Cannot read ${file}: no config today` });
  });

  it('gives the valid fields of an incomplete configuration (a workflowsPath for the debugger, no taskQueue)', async function () {
    const dir = project({ 'rewind.config.ts': "export default { workflowsPath: 'src/workflows.ts', activities: () => 1 };\n" });
    const settings = await extensionReads(dir);
    assert.equal(settings?.workflowsPath, path.join(dir, 'src/workflows.ts'));
    assert.equal(settings?.taskQueue, undefined);
    assert.match(settings?.problems.join('; ') ?? '', /"taskQueue" must be a non-empty string/);
    assert.equal(await extensionReads(project({ 'package.json': JSON.stringify({ name: 'p' }) })), undefined);
  });

  it('evaluates a module once per load, following index files and cycles as Node does', function () {
    const dir = project({
      'rewind.config.ts': "import { a } from './lib';\nexport default { a, b: require('./lib/b').b };\n",
      'lib/index.ts': "export { a } from './a';\n",
      'lib/a.ts': "import { b } from './b';\nexport const a = 'a' + typeof b;\n",
      // a is still loading when b imports it: b gets its exports so far (the name, not yet its value).
      'lib/b.ts': "import * as a from './a';\nexport const b = 'b:' + JSON.stringify(a);\n",
    });
    assert.deepEqual((evaluateConfigModule(ts, path.join(dir, 'rewind.config.ts')) as { default: unknown }).default, {
      a: 'astring',
      b: 'b:{}',
    });
  });
});
