// Rewind: Start Workflow in a real VS Code: given what the prompts would ask, it starts the workflow on
// the real server and selects it in the tree; a server error is shown, not thrown.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RewindApi } from '../../src/extension';

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
    const selected = api.treeView.selection[0];
    assert.ok(selected?.kind === 'workflow' && selected.info.workflowId === 'from-the-palette', 'the new workflow is selected');
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
});
