// A script that is done exits even if it left its client connection open; a worker stopped with
// SIGINT exits too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startServer, type TestServer } from '../helpers/server';

const ROOT = path.resolve(__dirname, '../../..');

function runScript(
  code: string,
  env: NodeJS.ProcessEnv,
  onStarted?: (proc: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let told = false;
  proc.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
    // Once: a later signal, after the worker stopped and let go of its handlers, would kill the process.
    if (!told && output.includes('READY')) {
      told = true;
      onStarted?.(proc);
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, output, ms: Date.now() - started });
    });
  });
}

describe('processes exit when they are done', function () {
  let srv: TestServer;
  before(async function () {
    srv = await startServer();
  });
  after(async function () {
    await srv.close();
  });

  it('a client script that never closes its connection still exits', async function () {
    const code = `
      const { Client, Connection } = require('@rewind/sdk/client');
      (async () => {
        const client = new Client({ connection: await Connection.connect({ address: process.env.ADDR }) });
        for await (const _ of client.workflow.list()) { /* read */ }
        console.log('done');
      })();`;
    const out = await runScript(code, { ADDR: srv.address });
    assert.equal(out.code, 0, out.output);
    assert.match(out.output, /done/);
    assert.ok(out.ms < 10_000, `took ${out.ms} ms`);
  });

  it('a worker stopped with SIGINT exits', async function () {
    const code = `
      const { Worker, NativeConnection } = require('@rewind/sdk/worker');
      (async () => {
        const connection = await NativeConnection.connect({ address: process.env.ADDR });
        const worker = await Worker.create({ connection, taskQueue: 'exit-test', activities: { async noop() {} } });
        const running = worker.run();
        console.log('READY');
        await running;
        console.log('stopped');
      })();`;
    const out = await runScript(code, { ADDR: srv.address }, (proc) => proc.kill('SIGINT'));
    assert.equal(out.code, 0, out.output);
    assert.match(out.output, /stopped/);
  });
});
