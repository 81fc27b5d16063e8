// Workflow bundles take a package's browser build, as Temporal's webpack bundle does: its "browser" field (a
// file instead of "main") and its "browser" map (a Node part swapped for another, as @opentelemetry/core's).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ActivationResult } from '@rewind/sdk/protocol';
import { bundleWorkflowCode } from '@rewind/sdk/worker';
import { WorkflowSandbox } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { makeActivation, makeStart, T0 } from './factories';

/** Writes `files` (path → text) under `dir`. */
function write(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

describe("workflow bundles take packages' browser builds", function () {
  this.timeout(30_000);
  let project: string;

  before(function () {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-browser-builds-'));
    write(project, {
      // A "browser" map: its Node platform module (which reads perf_hooks) swapped for the browser one.
      'node_modules/mapped-platform/package.json': JSON.stringify({
        name: 'mapped-platform',
        main: 'index.js',
        browser: { './platform/index.js': './platform/browser.js' },
      }),
      'node_modules/mapped-platform/index.js': "module.exports = require('./platform/index.js');",
      'node_modules/mapped-platform/platform/index.js':
        "const { performance } = require('perf_hooks'); module.exports = { where: () => 'node ' + performance.now() };",
      'node_modules/mapped-platform/platform/browser.js': "module.exports = { where: () => 'browser build' };",
      // A "browser" field: the file bundlers for the web take instead of "main" (which reads os).
      'node_modules/browser-main/package.json': JSON.stringify({ name: 'browser-main', main: 'node.js', browser: 'browser.js' }),
      'node_modules/browser-main/node.js': "module.exports = { name: () => require('os').hostname() };",
      'node_modules/browser-main/browser.js': "module.exports = { name: () => 'browser main' };",
      'workflows.js': [
        "const { where } = require('mapped-platform');",
        "const { name } = require('browser-main');",
        'exports.platforms = async () => [where(), name()];',
      ].join('\n'),
    });
  });
  after(function () {
    fs.rmSync(project, { recursive: true, force: true });
  });

  it("bundles the packages' browser files, and the workflow runs with them", async function () {
    const bundle = await bundleWorkflowCode({ workflowsPath: path.join(project, 'workflows.js') });
    const sandbox = await WorkflowSandbox.create(bundle);
    const run = sandbox.createRun(1, T0);
    try {
      const result: ActivationResult = run.activate(makeActivation([makeStart('platforms', [], 1)]));
      assert.equal(result.status, 'ok', result.status === 'failed' ? result.failure.message : '');
      assert.deepEqual(result.status === 'ok' && result.commands, [
        { type: 'CompleteWorkflowExecution', result: ['browser build', 'browser main'] },
      ]);
    } finally {
      run.dispose();
    }
  });
});
