// Rewind: Show Task Queue Workers in a real VS Code: from a run's context menu, the workers polling its
// queue (Temporal's own worker, in a process of its own: its last poll of each kind), also named in a
// running run's hover; from the palette, a queue picked (those workers poll first) and its Rewind
// worker's row, whose workflow code it opens.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { RewindApi } from '../../src/extension';
import type { ShownWorkers } from '../../src/commands/task-queue-workers';
import { eventually } from './eventually';
import { useServerAddress } from './server-address';

/** Temporal's worker on 'host-temporal', with the tests' Node 20 (its native module is built for it). */
function startTemporalWorker(address: string): Promise<ChildProcess> {
  const node = process.env.REWIND_TEST_NODE;
  const root = process.env.REWIND_TEST_ROOT;
  assert.ok(node && root, 'the host runner passes REWIND_TEST_NODE and REWIND_TEST_ROOT');
  const child = spawn(node, ['--import', 'tsx', path.join(root, 'extension/test-host/worker/temporal-host-worker.ts')], {
    cwd: root,
    env: { ...process.env, REWIND_ADDRESS: address },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.includes('Temporal worker running')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Temporal's worker exited (${code}):\n${out}`)));
  });
}

describe('Show Task Queue Workers (in VS Code)', function () {
  this.timeout(120_000);
  let api: RewindApi;
  let worker: ChildProcess | undefined;
  let connection: Connection;

  before(async function () {
    api = await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate();
    await useServerAddress(api, process.env.REWIND_TEST_ADDRESS!);
    worker = await startTemporalWorker(process.env.REWIND_TEST_ADDRESS!);
    connection = await Connection.connect({ address: process.env.REWIND_TEST_ADDRESS! });
  });
  after(async function () {
    worker?.kill('SIGKILL');
    await connection?.close();
  });

  /** Runs the command, answering each prompt with `answer` (a quick-open command) until it returns. */
  async function answering(answer: string, ...args: unknown[]): Promise<ShownWorkers | undefined> {
    let done = false;
    let shown: ShownWorkers | undefined;
    let failed: Error | undefined;
    void vscode.commands.executeCommand<ShownWorkers | undefined>('rewind.showTaskQueueWorkers', ...args).then(
      (s) => ((shown = s), (done = true)),
      (err: unknown) => ((failed = err instanceof Error ? err : new Error(String(err))), (done = true)),
    );
    await eventually(async () => {
      if (!done) await vscode.commands.executeCommand(answer);
      return done;
    }, `Show Task Queue Workers, its prompts answered with ${answer}`);
    if (failed) throw failed;
    return shown;
  }

  it("shows Temporal's worker polling a run's queue, with its last poll of each kind", async function () {
    // A run through a workflow task and an activity on Temporal's worker: it polled both kinds.
    const handle = await new Client({ connection }).workflow.start('hello', {
      taskQueue: 'host-temporal',
      workflowId: 'host-temporal-hello',
      args: ['ann'],
    });
    assert.equal(await handle.result(), 'hello ann');
    const node = await eventually(() => api.tree.nodeOf(handle.firstExecutionRunId), 'the run in the tree');
    const shown = await answering('workbench.action.closeQuickOpen', node);
    assert.equal(shown?.taskQueue, 'host-temporal');
    assert.deepEqual(
      shown.rows.map((r) => [r.label, r.sdk, r.detail]),
      [['host-temporal-worker', 'Temporal', 'Takes any workflow and activity type (a Temporal worker does not list its types)']],
    );
    assert.match(shown.rows[0]!.description, /^Temporal worker · workflows: last poll \d+ s ago · activities: last poll \d+ s ago$/);

    // A running run's hover names who polls its queue.
    const sleeping = await new Client({ connection }).workflow.start('sleeper', {
      taskQueue: 'host-temporal',
      workflowId: 'host-temporal-sleeper',
      args: [600_000],
    });
    const running = await eventually(() => api.tree.nodeOf(sleeping.firstExecutionRunId), 'the running run in the tree');
    const item = await api.tree.resolveTreeItem(api.tree.getTreeItem(running), running);
    assert.match(
      (item.tooltip as vscode.MarkdownString).value,
      /\$\(server-process\) Workers on 'host-temporal': host-temporal-worker \(Temporal, last poll \d+ s ago\)/,
    );
    await sleeping.terminate('test done');
  });

  it("picks a queue workers poll from the palette, lists its Rewind worker, and opens the worker's workflow code", async function () {
    const { taskQueues } = await api.connection().call('taskQueue.list', { namespace: api.connection().namespace });
    const first = taskQueues.map((q) => q.name).sort()[0];
    // Accepting as offered: the first queue, then its first worker (a Rewind worker that said where its code is).
    const shown = await answering('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(shown?.taskQueue, first);
    const [row] = shown.rows;
    assert.equal(row?.sdk, 'Rewind');
    assert.match(row.description, /^Rewind worker · workflows \d+\/100 running · activities \d+\/100 running$/);
    assert.match(row.detail, /^Workflows: .* · Activities: .* · Build \w+ · Code: /);
    assert.ok(row.workflowsPath);
    await eventually(() => vscode.window.activeTextEditor?.document.uri.fsPath === row.workflowsPath, 'the workflows file open');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
