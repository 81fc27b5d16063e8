// The Workflows tree in a real VS Code: it connects to a real Rewind server, shows a workflow started
// by a client, live, and the workflow's steps with the one it waits on marked.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { RewindApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/workflows-tree';
import { eventually } from './eventually';
import { useServerAddress } from './server-address';

describe('Workflows tree (in VS Code)', function () {
  const address = process.env.REWIND_TEST_ADDRESS!;
  let api: RewindApi;
  let client: Client;
  let connection: Connection;

  before(async function () {
    const ext = vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode');
    assert.ok(ext, 'the extension is installed');
    api = await ext.activate();
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    // Started before the extension connects: only the first list can show it.
    await client.workflow.execute('orderWorkflow', { taskQueue: 'orders', workflowId: 'before-connecting', args: ['b', '1 ms'] });
    await useServerAddress(api, address);
  });

  it('lists the workflows the server had before it connected', async function () {
    const completed = await eventually(() => api.tree.model.groups().find((g) => g.key === 'COMPLETED'), 'a Completed group');
    const rows = (await api.tree.getChildren(completed)) as TreeNode[];
    assert.ok(rows.some((n) => n.kind === 'workflow' && n.info.workflowId === 'before-connecting'));
    assert.equal(api.tree.getTreeItem(completed).description, String(completed.count));
  });
  after(async function () {
    await connection?.close();
  });

  it('shows a workflow a client starts, under Running, without a refresh', async function () {
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'in-vscode-1', args: ['in-vscode-1', '1 hour'] });
    const running = await eventually(() => api.tree.model.groups().find((g) => g.key === 'RUNNING'), 'a Running group');
    const rows = (await api.tree.getChildren(running)) as TreeNode[];
    const row = rows.find((n) => n.kind === 'workflow' && n.info.workflowId === 'in-vscode-1');
    assert.ok(row, 'the workflow is listed');
    const item = api.tree.getTreeItem(row);
    assert.equal(item.label, 'in-vscode-1');
    assert.equal(item.contextValue, 'workflow.running');
    assert.match(String(item.description), /^orderWorkflow · \d+ s ago$/);
  });

  it('expands a workflow into its steps, the one it waits on marked', async function () {
    const running = api.tree.model.groups().find((g) => g.key === 'RUNNING')!;
    const row = ((await api.tree.getChildren(running)) as TreeNode[]).find(
      (n) => n.kind === 'workflow' && n.info.workflowId === 'in-vscode-1',
    )!;
    const steps = await eventually(async () => {
      const s = (await api.tree.getChildren(row)) as TreeNode[];
      return s.some((n) => n.kind === 'step' && n.step.kind === 'timer') ? s : undefined;
    }, 'the timer step');
    const items = steps.map((n) => api.tree.getTreeItem(n));
    assert.deepEqual(
      items.map((i) => i.label),
      ['processPayment', 'timer 1 h'],
    );
    assert.equal(items[0]!.description, 'completed · → "payment-in-vscode-1"', 'the step with its result');
    assert.match(String(items[1]!.description), /^← waiting here · fires in (60|59\.\d) min$/, 'when the timer fires, as of now');
  });

  it('moves the workflow to Terminated when it is terminated elsewhere', async function () {
    await client.workflow.getHandle('in-vscode-1').terminate('done');
    await eventually(() => api.tree.model.groups().find((g) => g.key === 'TERMINATED'), 'a Terminated group');
  });
});
