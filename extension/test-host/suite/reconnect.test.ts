// A server that goes away mid-session: the tree says so, keeps what it showed, and reconnects by itself
// when the server is back (on the same port, same database), then lists what changed meanwhile.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { RewindApi } from '../../src/extension';
import { eventually } from './eventually';
import { useServerAddress } from './server-address';

/** Starts a Rewind server with the tests' Node 20 (better-sqlite3 is built for it); resolves with its address. */
function startServer(db: string, port: number): Promise<{ child: ChildProcess; address: string }> {
  const node = process.env.REWIND_TEST_NODE;
  const root = process.env.REWIND_TEST_ROOT;
  assert.ok(node && root, 'the host runner passes REWIND_TEST_NODE and REWIND_TEST_ROOT');
  const child = spawn(node, [path.join(root, 'devserver/bin/rewind.js'), 'server', 'start', '--db', db, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ child, address: m[1] });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the Rewind server exited (${code}):\n${out}`)));
  });
}

describe('A server that goes away (in VS Code)', function () {
  let server: ChildProcess | undefined;
  let api: RewindApi;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-reconnect-'));
  const db = path.join(dir, 'rewind.db');

  before(async function () {
    api = (await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate()) as RewindApi;
  });

  after(async function () {
    server?.kill('SIGKILL');
    // The other suites' server again.
    await useServerAddress(api, process.env.REWIND_TEST_ADDRESS!, 'the way back');
  });

  it('says it is disconnected, keeps the runs it showed, and shows what started while it was away once the server is back', async function () {
    const first = await startServer(db, 0);
    server = first.child;
    const port = Number(first.address.split(':').pop());
    const start = async (address: string, workflowId: string): Promise<void> => {
      const connection = await Connection.connect({ address });
      // No worker polls this queue: the run stays Running.
      await new Client({ connection }).workflow.start('orderWorkflow', {
        taskQueue: 'reconnect-nobody',
        workflowId,
        args: [workflowId, '1 hour'],
      });
      await connection.close();
    };
    await start(first.address, 'before-the-crash');
    await vscode.workspace.getConfiguration('rewind').update('serverAddress', first.address, vscode.ConfigurationTarget.Global);
    await eventually(() => runIdOf(api, 'before-the-crash'), 'the run in the tree');

    server.kill('SIGKILL');
    await eventually(() => api.connection().state.kind === 'disconnected', 'the disconnected state');
    assert.match(api.treeView.message ?? '', /^Disconnected from 127\.0\.0\.1:\d+/);
    assert.ok(runIdOf(api, 'before-the-crash'), 'the run is still shown while the server is away');

    const second = await startServer(db, port);
    server = second.child;
    await start(second.address, 'while-it-was-away');
    await eventually(() => api.connection().state.kind === 'connected', 'the reconnection', 40_000);
    await eventually(() => runIdOf(api, 'while-it-was-away'), 'the run started while the tree was away');
    assert.equal(api.treeView.message, undefined);
    assert.ok(runIdOf(api, 'before-the-crash'), 'the run from before the crash came back from the database');
  });
});

function runIdOf(api: RewindApi, workflowId: string): string | undefined {
  for (const group of api.tree.model.groups())
    for (const node of api.tree.model.children(group.key))
      if (node.kind === 'workflow' && node.info.workflowId === workflowId) return node.info.runId;
  return undefined;
}
