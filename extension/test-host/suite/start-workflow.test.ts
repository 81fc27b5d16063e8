// Rewind: Start Workflow in a real VS Code: given what the prompts would ask, it starts the workflow on
// the real server and selects it in the tree; a server error is shown, not thrown.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RewindApi } from '../../src/extension';
import { registeredTaskQueues, workflowTypeItems } from '../../src/commands/start-workflow';
import { eventually } from './eventually';

describe('Start Workflow (in VS Code)', function () {
  let api: RewindApi;

  before(async function () {
    api = await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate();
    await vscode.commands.executeCommand('workbench.view.extension.rewind');
  });

  it('starts a workflow and selects it in the tree', async function () {
    const runId = await vscode.commands.executeCommand<string | undefined>('rewind.startWorkflow', {
      workflowType: 'orderWorkflow',
      taskQueue: 'orders',
      workflowId: 'from-the-palette',
      args: ['from-the-palette', '1 hour'],
    });
    assert.match(runId ?? '', /^[0-9a-f-]{36}$/);
    // VS Code sends the selection back to the extension host after the reveal resolves: wait for it.
    await eventually(() => {
      const selected = api.treeView.selection[0];
      return selected?.kind === 'workflow' && selected.info.runId === runId;
    }, 'the new workflow selected');
    assert.equal(api.tree.model.get(runId!)?.status, 'RUNNING');
  });

  it('says why a start was refused, and returns nothing', async function () {
    const runId = await vscode.commands.executeCommand<string | undefined>('rewind.startWorkflow', {
      workflowType: 'orderWorkflow',
      taskQueue: 'orders',
      workflowId: 'from-the-palette',
      args: ['again'],
    });
    assert.equal(runId, undefined, 'the id is taken by a running workflow');
  });

  it('offers the types the live workers registered, each saying on which task queue', async function () {
    const registered = await registeredTaskQueues(api.connection());
    assert.ok(registered?.some((q) => q.name === 'orders' && q.workflowTypes.includes('orderWorkflow')));
    const items = await workflowTypeItems(api.scanner, registered);
    const order = items.find((i) => i.label === 'orderWorkflow');
    assert.ok(order, `orderWorkflow is offered: ${items.map((i) => i.label).join(', ')}`);
    assert.match(order.description ?? '', /^registered on 'orders'/);
    assert.deepEqual(order.choice.taskQueues, ['orders']);
    assert.match(items.find((i) => i.label === 'approvalWorkflow')?.description ?? '', /registered on 'approvals'/);
  });

  it('prefills the task queue with the one whose workers registered the type', async function () {
    // The last queue used is 'orders' (above); approvalWorkflow is registered on 'approvals': that one is offered.
    const started = vscode.commands.executeCommand<string | undefined>('rewind.startWorkflow', {
      workflowType: 'approvalWorkflow',
      workflowId: 'queue-prefilled',
      args: [{ id: 'r2', requester: 'bo', approver: 'ada', summary: 'prefilled queue' }],
    });
    let runId: string | undefined;
    void started.then((id) => (runId = id ?? 'none'));
    // Accept the task queue box as it is, once it shows.
    await eventually(async () => {
      if (runId === undefined) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return runId;
    }, 'the start with the task queue accepted as offered');
    assert.match(runId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(api.tree.model.get(runId!)?.taskQueue, 'approvals');
    await vscode.commands.executeCommand('rewind.terminateWorkflow', api.tree.nodeOf(runId!), { confirmed: true, reason: 'test' });
  });
});
