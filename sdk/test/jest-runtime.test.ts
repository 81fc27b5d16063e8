// The SDK under Jest's CommonJS runtime, where `import()` fails without --experimental-vm-modules:
// bundleWorkflowCode, Worker.create and a run on TestWorkflowEnvironment, in a real Jest run of a
// throwaway project (Temporal's SDK works there; so must Rewind's).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const JEST = path.join(ROOT, 'node_modules/jest/bin/jest.js');

const WORKFLOWS = `const { sleep } = require('@rewind/sdk/workflow');
exports.napper = async function napper() {
  await sleep('1 hour');
  return 'rested';
};
`;

const TEST = `const path = require('node:path');
const { Worker, bundleWorkflowCode } = require('@rewind/sdk/worker');
const { TestWorkflowEnvironment } = require('@rewind/sdk/testing');
const workflowsPath = path.join(__dirname, 'workflows.js');

test('bundleWorkflowCode', async () => {
  const bundle = await bundleWorkflowCode({ workflowsPath });
  expect(bundle.code).toContain('napper');
});

test('Worker.create and a run', async () => {
  const env = await TestWorkflowEnvironment.createTimeSkipping();
  try {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'jest', workflowsPath });
    const run = env.client.workflow.execute('napper', { taskQueue: 'jest', workflowId: 'nap-1' });
    expect(await worker.runUntil(run)).toBe('rested');
  } finally {
    await env.teardown();
  }
});
`;

function runJest(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const args = [
      JEST,
      '--rootDir',
      dir,
      '--ci',
      '--colors=false',
      '--config',
      JSON.stringify({ testEnvironment: 'node', transform: {}, modulePaths: [path.join(ROOT, 'node_modules')] }),
    ];
    execFile(process.execPath, args, { cwd: dir, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: stdout + stderr });
    });
  });
}

describe('the SDK under Jest', function () {
  this.timeout(90_000);
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-jest-'));
    fs.writeFileSync(path.join(dir, 'workflows.js'), WORKFLOWS);
    fs.writeFileSync(path.join(dir, 'sdk.test.js'), TEST);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bundles workflow code and runs a worker (esbuild loads without import())', async function () {
    const { code, output } = await runJest(dir);
    assert.equal(code, 0, output);
    assert.match(output, /Tests:\s+2 passed, 2 total/);
  });
});
