// Update, Reset to here and Export History in a real VS Code, invoked on tree nodes as the context
// menus do, against the real server and the samples' worker; and the CodeLens on a workflow file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { UpdateOutcome, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { RewindApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/workflows-tree';
import { eventually } from './eventually';

describe('Update, Reset, Export History and the CodeLens (in VS Code)', function () {
  let api: RewindApi;
  let client: Client;
  let connection: Connection;

  before(async function () {
    api = await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate();
    connection = await Connection.connect({ address: process.env.REWIND_TEST_ADDRESS! });
    client = new Client({ connection });
    await eventually(() => api.connection().state.kind === 'connected', 'the connection');
  });
  after(async function () {
    await connection?.close();
  });

  /** The tree node of a run, as a context menu passes it. */
  async function nodeOf(workflowId: string, runId?: string): Promise<TreeNode> {
    const id = runId ?? (await client.workflow.getHandle(workflowId).describe()).runId;
    return eventually(() => api.tree.nodeOf(id), `${workflowId} in the tree`);
  }

  it('sends an update to a waiting approval and opens its result', async function () {
    const request = { id: 'vscode-delegate', amount: 5, requester: 'bob', approver: 'alice' };
    const handle = await client.workflow.start('approvalWorkflow', {
      taskQueue: 'approvals',
      workflowId: 'vscode-delegate',
      args: [request],
    });
    const outcome = await vscode.commands.executeCommand<UpdateOutcome | undefined>(
      'rewind.updateWorkflow',
      await nodeOf('vscode-delegate'),
      { name: 'delegate', args: [{ to: 'carol', by: 'alice' }] },
    );
    assert.deepEqual(outcome?.result, { state: 'pending', approver: 'carol' });
    const shown = await eventually(() => {
      const text = vscode.window.activeTextEditor?.document.getText();
      return text?.includes('carol') ? text : undefined;
    }, 'the result opened');
    assert.deepEqual(JSON.parse(shown), { state: 'pending', approver: 'carol' });
    await handle.terminate('test done');
  });

  it('sends an update to a running order; the workflow says it has no such handler, and the command says so', async function () {
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'vscode-update', args: ['u', '1 hour'] });
    const outcome = await vscode.commands.executeCommand<UpdateOutcome | undefined>(
      'rewind.updateWorkflow',
      await nodeOf('vscode-update'),
      { name: 'setAddress', args: [{ street: 'Main St' }] },
    );
    assert.ok(outcome, 'the server answered');
    assert.equal(outcome.rejected, true);
    assert.match(outcome.failure?.message ?? '', /No registered handler for update: setAddress/);
    assert.equal((await client.workflow.getHandle('vscode-update').describe()).status.name, 'RUNNING', 'a rejected update changes nothing');
    await client.workflow.getHandle('vscode-update').terminate('test done');
  });

  it('resets a completed order to its timer step: a new run redoes the timer and what came after, not the payment', async function () {
    // The pause is long enough for the new run to be still running (in the same group) while it is selected.
    const handle = await client.workflow.start('orderWorkflow', {
      taskQueue: 'orders',
      workflowId: 'vscode-reset',
      args: ['r', '5 seconds'],
    });
    await handle.result();
    const oldRunId = handle.firstExecutionRunId;
    const steps = (await api.tree.getChildren(await nodeOf('vscode-reset', oldRunId))) as TreeNode[];
    const timer = steps.find((n) => n.kind === 'step' && n.step.kind === 'timer');
    assert.ok(timer?.kind === 'step', 'the timer step');
    assert.equal(api.tree.getTreeItem(timer).contextValue, 'step.timer');

    const newRunId = await vscode.commands.executeCommand<string | undefined>('rewind.resetWorkflow', timer, { confirmed: true });
    assert.match(newRunId ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(newRunId, oldRunId);
    assert.ok(api.tree.nodeOf(newRunId!), 'the new run is in the tree');
    await eventually(() => {
      const selected = api.treeView.selection[0];
      return selected?.kind === 'workflow' && selected.info.runId === newRunId;
    }, 'the new run selected');
    assert.equal(await client.workflow.getHandle('vscode-reset', newRunId).result(), 'order r confirmed (payment-r)');

    const old = (await client.workflow.getHandle('vscode-reset', oldRunId).fetchHistory()).events;
    const reset = (await client.workflow.getHandle('vscode-reset', newRunId).fetchHistory()).events;
    const oldTimer = old.find((e) => e.type === 'TimerStarted')!;
    assert.ok('workflowTaskCompletedEventId' in oldTimer);
    const failed = reset.find((e) => e.type === 'WorkflowTaskFailed');
    assert.ok(failed?.type === 'WorkflowTaskFailed' && failed.cause === 'RESET_WORKFLOW');
    assert.match(failed.failure.message, new RegExp(`reset to event ${oldTimer.workflowTaskCompletedEventId}\\b`));
    assert.deepEqual(
      reset.slice(0, failed.eventId - 1).map((e) => e.type),
      old.slice(0, failed.eventId - 1).map((e) => e.type),
      'the new run keeps the history up to the reset point',
    );
    const after = reset
      .slice(failed.eventId)
      .flatMap((e) => (e.type === 'ActivityTaskScheduled' ? [e.activityType] : e.type === 'TimerStarted' ? ['timer'] : []));
    assert.deepEqual(after, ['timer', 'updateInventory', 'sendEmail'], 'the timer and what followed redone; the payment kept');
    assert.equal(reset.filter((e) => e.type === 'ActivityTaskScheduled' && e.activityType === 'processPayment').length, 1);
  });

  it('shows the server refusal of a reset point that is not a completed workflow task', async function () {
    const node = await nodeOf('vscode-reset');
    const runs = api.tree.model.size;
    assert.equal(await vscode.commands.executeCommand('rewind.resetWorkflow', node, { eventId: 1, confirmed: true }), undefined);
    assert.equal(api.tree.model.size, runs, 'no new run');
  });

  it('exports a history to a file: the server history as `rewind workflow show --output json` writes it', async function () {
    const handle = await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'vscode-export', args: ['e', '1 ms'] });
    await handle.result();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-export-')), 'history.json');
    const written = await vscode.commands.executeCommand<string | undefined>('rewind.exportHistory', await nodeOf('vscode-export'), {
      file,
    });
    assert.equal(written, file);
    const text = fs.readFileSync(file, 'utf8');
    const server = await handle.fetchHistory();
    assert.deepEqual(JSON.parse(text), { events: server.events });
    assert.equal(text, JSON.stringify({ events: server.events }, null, 2) + '\n');
    assert.equal(server.events.at(-1)?.type, 'WorkflowExecutionCompleted');
  });

  it('puts Start and Debug last run above the exported workflow function of a workflow file', async function () {
    // The suite runs from extension/.test-build; the samples' TypeScript is the repository's.
    const uri = vscode.Uri.file(path.resolve(__dirname, '../../samples/order/workflows.ts'));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'typescript');
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('export async function orderWorkflow('));
    assert.ok(line > 0);
    const lenses = await eventually(async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const ours = all.filter((l) => l.command?.command.startsWith('rewind.'));
      return ours.length > 0 ? ours : undefined;
    }, 'the Rewind lenses');
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [line, 'Start', 'rewind.startWorkflow', [{ workflowType: 'orderWorkflow' }]],
        [line, 'Debug last run', 'rewind.debugLastRun', ['orderWorkflow', doc.uri.fsPath]],
      ],
      'one pair, on orderWorkflow only (DEFAULT_SLEEP is exported but not a function)',
    );

    const activities = await vscode.workspace.openTextDocument(
      vscode.Uri.file(path.resolve(__dirname, '../../samples/order/activities.ts')),
    );
    const none = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', activities.uri);
    assert.deepEqual(
      none.filter((l) => l.command?.command.startsWith('rewind.')),
      [],
      'activities are not workflows',
    );
  });

  it('Debug last run finds the newest run of the type, or says there is none', async function () {
    const newest = await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'vscode-newest', args: ['n', '1 ms'] });
    await newest.result();
    const info = await vscode.commands.executeCommand<WorkflowExecutionInfo | undefined>('rewind.debugLastRun', 'orderWorkflow');
    assert.equal(info?.workflowId, 'vscode-newest');
    assert.equal(info?.runId, newest.firstExecutionRunId);
    assert.equal(await vscode.commands.executeCommand('rewind.debugLastRun', 'noSuchWorkflowType'), undefined);
  });
});
