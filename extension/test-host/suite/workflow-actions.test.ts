// The commands on a workflow in a real VS Code, invoked on its tree node as the context menu does:
// query and signal a waiting approval, terminate and cancel running orders.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { RewindApi } from '../../src/extension';
import { eventually } from './eventually';

describe('workflow commands (in VS Code)', function () {
  let api: RewindApi;
  let client: Client;
  let connection: Connection;

  before(async function () {
    api = await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate();
    connection = await Connection.connect({ address: process.env.REWIND_TEST_ADDRESS! });
    client = new Client({ connection });
  });
  after(async function () {
    await connection?.close();
  });

  /** The tree node of a run, as a context menu passes it. */
  async function nodeOf(workflowId: string) {
    const handle = client.workflow.getHandle(workflowId);
    const runId = (await handle.describe()).runId;
    return eventually(() => api.tree.nodeOf(runId), `${workflowId} in the tree`);
  }

  it('queries and signals a waiting approval', async function () {
    await client.workflow.start('approvalWorkflow', {
      taskQueue: 'approvals',
      workflowId: 'vscode-approval',
      args: [{ id: 'r1', requester: 'bo', approver: 'ada', summary: 'a test' }],
    });
    const node = await nodeOf('vscode-approval');
    const status = await vscode.commands.executeCommand<{ state: string }>('rewind.queryWorkflow', node, { name: 'status', args: [] });
    assert.equal(status?.state, 'pending');
    assert.equal(await vscode.commands.executeCommand('rewind.signalWorkflow', node, { name: 'approve', args: [{ by: 'ada' }] }), true);
    assert.equal(((await client.workflow.getHandle('vscode-approval').result()) as { state: string }).state, 'approved');
  });

  it('terminates and cancels running orders', async function () {
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'vscode-terminate', args: ['t', '1 hour'] });
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'vscode-cancel', args: ['c', '1 hour'] });
    assert.equal(
      await vscode.commands.executeCommand('rewind.terminateWorkflow', await nodeOf('vscode-terminate'), {
        confirmed: true,
        reason: 'test',
      }),
      true,
    );
    assert.equal(await vscode.commands.executeCommand('rewind.cancelWorkflow', await nodeOf('vscode-cancel'), { reason: 'test' }), true);
    await assert.rejects(client.workflow.getHandle('vscode-terminate').result(), /terminated/i);
    await assert.rejects(client.workflow.getHandle('vscode-cancel').result(), /cancel/i);
    assert.equal((await client.workflow.getHandle('vscode-terminate').describe()).status.name, 'TERMINATED');
  });
});
