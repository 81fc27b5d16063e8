// Grouping and filtering the Workflows tree in a real VS Code against a real server: the view-title
// commands switch grouping live (and the setting does too); a filter in the list query language shows
// only matching runs, stays live (a new matching run appears, a non-matching one does not, a run that
// stops matching leaves), a query the server refuses keeps the old filter, and clearing shows all again.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { RewindApi } from '../../src/extension';
import { eventually } from './eventually';
import { useServerAddress } from './server-address';

describe('grouping and filtering the tree (in VS Code)', function () {
  const address = process.env.REWIND_TEST_ADDRESS!;
  let api: RewindApi;
  let client: Client;
  let connection: Connection;
  const ids = (): string[] =>
    api.tree.model
      .groups()
      .flatMap((g) => api.tree.model.children(g.key))
      .flatMap((n) => (n.kind === 'workflow' ? [n.info.workflowId] : []));

  before(async function () {
    api = await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate();
    await vscode.commands.executeCommand('workbench.view.extension.rewind');
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    await useServerAddress(api, address);
  });
  after(async function () {
    await vscode.commands.executeCommand('rewind.clearFilter');
    await vscode.commands.executeCommand('rewind.groupByStatus');
    await connection?.close();
  });

  it('groups by type and back from the view title, live, with counts', async function () {
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'grouped-1', args: ['g', '1 hour'] });
    await eventually(() => ids().includes('grouped-1'), 'grouped-1 in the tree');
    await vscode.commands.executeCommand('rewind.groupByType');
    assert.equal(vscode.workspace.getConfiguration('rewind').get('grouping'), 'type', 'the setting follows');
    const groups = api.tree.model.groups();
    const orders = groups.find((g) => g.key === 'orderWorkflow');
    assert.ok(orders, `a group per type: ${groups.map((g) => g.key).join(', ')}`);
    assert.ok(!groups.some((g) => g.key === 'RUNNING'), 'no status groups');
    assert.equal(
      groups.reduce((n, g) => n + g.count, 0),
      api.tree.model.size,
      'every run counted once',
    );
    const item = api.tree.getTreeItem(orders);
    assert.equal(item.label, 'orderWorkflow');
    assert.equal(item.description, String(orders.count));
    assert.equal(item.id, 'group:type:orderWorkflow');

    // Live while grouped by type: a new run lands in its type's group.
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'grouped-2', args: ['g', '1 hour'] });
    await eventually(() => api.tree.model.groups().find((g) => g.key === 'orderWorkflow')?.count === orders.count + 1, 'the count to grow');
    assert.ok(api.tree.model.children('orderWorkflow').some((n) => n.kind === 'workflow' && n.info.workflowId === 'grouped-2'));

    await vscode.commands.executeCommand('rewind.groupByStatus');
    assert.equal(api.tree.model.groupedBy, 'status');
    assert.ok(api.tree.model.groups().some((g) => g.key === 'RUNNING'));
    // The setting alone regroups too (a user editing settings.json).
    await vscode.workspace.getConfiguration('rewind').update('grouping', 'type', vscode.ConfigurationTarget.Global);
    await eventually(() => api.tree.model.groupedBy === 'type', 'the tree to regroup from the setting');
    await vscode.workspace.getConfiguration('rewind').update('grouping', 'status', vscode.ConfigurationTarget.Global);
    await eventually(() => api.tree.model.groupedBy === 'status', 'the tree to regroup back');
  });

  it('shows only the runs a filter matches, live, and says so in the view', async function () {
    const query = "WorkflowId STARTS_WITH 'filtered-' AND ExecutionStatus = 'Running'";
    assert.equal(await vscode.commands.executeCommand('rewind.filter', query), true);
    assert.equal(api.treeView.description, `Filter: ${query}`);
    // The message shows on the view itself (a view alone in its container has no header for the description).
    assert.equal(api.treeView.message, `Filter: ${query}`);
    assert.ok(
      ids().every((id) => id.startsWith('filtered-')),
      `only matching runs: ${ids().join(', ')}`,
    );

    const kept = await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'filtered-1', args: ['f', '1 hour'] });
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'not-filtered-1', args: ['n', '1 hour'] });
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'filtered-2', args: ['f', '1 hour'] });
    // Pushes come in order: once filtered-2 is in, not-filtered-1 would have been too.
    await eventually(() => ids().includes('filtered-1') && ids().includes('filtered-2'), 'the matching runs, live');
    assert.ok(!ids().includes('not-filtered-1'), `a run that does not match stays out: ${ids().join(', ')}`);

    // Terminated, filtered-1 no longer matches (ExecutionStatus = 'Running'): it leaves the tree.
    await kept.terminate('test');
    await eventually(() => !ids().includes('filtered-1'), 'filtered-1 to leave');
    assert.deepEqual(ids(), ['filtered-2']);
  });

  it('keeps the filter when the server refuses a query, and says why', async function () {
    const before = api.treeView.description;
    const message = api.treeView.message;
    assert.equal(await vscode.commands.executeCommand('rewind.filter', "ExecutionStatus = 'Sleeping'"), false);
    assert.equal(await vscode.commands.executeCommand('rewind.filter', 'WorkflowType ='), false);
    assert.equal(api.treeView.description, before);
    assert.equal(api.treeView.message, message);
    assert.deepEqual(ids(), ['filtered-2']);
  });

  it('clears the filter: every run again, still live', async function () {
    assert.equal(await vscode.commands.executeCommand('rewind.clearFilter'), true);
    assert.equal(api.treeView.description, undefined);
    assert.equal(api.treeView.message, undefined);
    assert.ok(ids().includes('not-filtered-1') && ids().includes('filtered-1') && ids().includes('grouped-1'), ids().join(', '));
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'after-clear', args: ['a', '1 ms'] });
    await eventually(() => ids().includes('after-clear'), 'a new run after clearing');
    assert.equal(await vscode.commands.executeCommand('rewind.clearFilter'), false, 'nothing to clear');
    for (const id of ['grouped-1', 'grouped-2', 'not-filtered-1', 'filtered-2']) await client.workflow.getHandle(id).terminate('done');
  });
});
