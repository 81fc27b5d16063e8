// Actions that know the workflow, in a real VS Code against the real server and the samples' worker:
// Signal, Query and Update offer the names the run's worker reports and the workspace's source defines
// (with argument templates),
// answers open in one read-only document per run and question, Start Workflow Like This One, and the
// reason box of Cancel, Terminate and Reset (Escape gives up; the reason is recorded in the history).
// The prompts are answered as a user would: accepted as offered, or escaped.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import type { RewindApi } from '../../src/extension';
import { handlerItems } from '../../src/commands/ask-handler';
import { reportedHandlers } from '../../src/model/handler-offer';
import type { TreeNode } from '../../src/views/workflows-tree';
import { eventually } from './eventually';
import { useServerAddress } from './server-address';

describe('actions that know the workflow (in VS Code)', function () {
  let api: RewindApi;
  let client: Client;
  let connection: Connection;
  let copied: string | undefined;

  before(async function () {
    api = await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate();
    connection = await Connection.connect({ address: process.env.REWIND_TEST_ADDRESS! });
    client = new Client({ connection });
    await useServerAddress(api, process.env.REWIND_TEST_ADDRESS!);
  });
  after(async function () {
    if (copied) fs.rmSync(copied, { force: true });
    await connection?.close();
  });

  async function nodeOf(workflowId: string, runId?: string): Promise<TreeNode> {
    const id = runId ?? (await client.workflow.getHandle(workflowId).describe()).runId;
    return eventually(() => api.tree.nodeOf(id), `${workflowId} in the tree`);
  }

  /** Runs a command and accepts every prompt as offered until it returns. */
  async function acceptingPrompts<T>(run: Thenable<T>): Promise<T> {
    let done = false;
    let value: T | undefined;
    void run.then((v) => ((done = true), (value = v)));
    await eventually(async () => {
      if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return done;
    }, 'the command, its prompts accepted');
    return value as T;
  }

  /** Runs a command and escapes its first prompt. */
  async function escapingPrompt<T>(run: Thenable<T>): Promise<T> {
    let done = false;
    void run.then(() => (done = true));
    await eventually(async () => {
      if (!done) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return done;
    }, 'the command, its prompt escaped');
    return run;
  }

  const events = async (workflowId: string, runId?: string): Promise<HistoryEvent[]> =>
    (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events;

  it("offers the approval's signals from the workspace's source, and sends the picked one with its argument template", async function () {
    // The workspace (an empty folder) gets the approval sample's workflow file.
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    copied = path.join(folder, 'approval-workflows.ts');
    fs.copyFileSync(path.resolve(__dirname, '../../samples/approval/workflows.ts'), copied);
    await client.workflow.start('approvalWorkflow', {
      taskQueue: 'approvals',
      workflowId: 'vscode-aware',
      args: [{ id: 'r9', requester: 'bo', approver: 'ada', summary: 'aware' }],
    });
    const items = await eventually(async () => {
      const all = await handlerItems(api.scanner, 'signal', 'approvalWorkflow');
      return all.length ? all : undefined;
    }, 'the signals read from source');
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.detail]),
      [
        ['approve', 'from the source: set by approvalWorkflow · approval-workflows.ts:22', '({ by: string; comment?: string })'],
        ['reject', 'from the source: set by approvalWorkflow · approval-workflows.ts:23', '({ by: string; comment?: string })'],
      ],
    );
    const updates = await handlerItems(api.scanner, 'update', 'approvalWorkflow');
    assert.deepEqual(
      updates.map((i) => [i.label, i.definition?.template, i.detail]),
      [['delegate', '[{"to":"","by":""}]', '({ to: string; by: string }) → ApprovalStatus']],
    );

    // The first signal (approve) picked, its template [{"by":""}] sent as offered.
    assert.equal(await acceptingPrompts(vscode.commands.executeCommand('rewind.signalWorkflow', await nodeOf('vscode-aware'))), true);
    const signaled = (await events('vscode-aware')).find((e) => e.type === 'WorkflowExecutionSignaled');
    assert.ok(signaled?.type === 'WorkflowExecutionSignaled');
    assert.equal(signaled.signalName, 'approve');
    assert.deepEqual(signaled.input, [{ by: '' }]);
  });

  it("offers what the run's worker reports where the workspace has no source for it (the alert sample), and sends it", async function () {
    await client.workflow.start('alertEscalation', {
      taskQueue: 'alerts',
      workflowId: 'vscode-reported',
      args: [{ id: 'a9', message: 'reported' }, ['ada'], '1 hour'],
    });
    const handle = client.workflow.getHandle('vscode-reported');
    const ask = (queryType: string) => handle.query<never>(queryType).then((result) => ({ result }));
    const signals = await eventually(async () => {
      const all = await handlerItems(api.scanner, 'signal', 'alertEscalation', await reportedHandlers(ask, 'RUNNING'));
      return all[0]?.label === 'acknowledge' ? all : undefined;
    }, "the run's worker to report its signal");
    assert.deepEqual(
      [signals[0]!.description, signals[0]!.detail],
      ["from the run's worker (not in the source)", 'Who acknowledges the alert: stops the escalation.'],
    );
    const queries = await handlerItems(api.scanner, 'query', 'alertEscalation', await reportedHandlers(ask, 'RUNNING'));
    assert.equal(queries[0]?.label, 'state');
    assert.deepEqual(
      queries.filter((q) => q.label.startsWith('__')).map((q) => q.label),
      ['__stack_trace', '__enhanced_stack_trace', '__temporal_workflow_metadata'],
      "Temporal's built-in queries, offered after the workflow's own",
    );

    // The command asks the run's worker itself: its first row (acknowledge) picked, sent with no arguments.
    assert.equal(await acceptingPrompts(vscode.commands.executeCommand('rewind.signalWorkflow', await nodeOf('vscode-reported'))), true);
    const signaled = (await events('vscode-reported')).find((e) => e.type === 'WorkflowExecutionSignaled');
    assert.ok(signaled?.type === 'WorkflowExecutionSignaled');
    assert.equal(signaled.signalName, 'acknowledge');
    await handle.terminate('test done');
  });

  it('opens query answers in one read-only document named for the run and the query, refreshed when asked again', async function () {
    await client.workflow.start('approvalWorkflow', {
      taskQueue: 'approvals',
      workflowId: 'vscode-answer',
      args: [{ id: 'r10', requester: 'bo', approver: 'ada', summary: 'answer' }],
    });
    const node = await nodeOf('vscode-answer');
    const untitled = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    // The query picked from the source (status, the only one), with no arguments.
    const first = await acceptingPrompts(vscode.commands.executeCommand<{ state: string }>('rewind.queryWorkflow', node));
    assert.equal(first?.state, 'pending');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'the answer is shown');
    assert.equal(doc.uri.scheme, 'rewind-answer');
    assert.match(doc.uri.path, /\/vscode-answer · query status\.json$/);
    assert.equal(doc.languageId, 'json');
    assert.deepEqual(JSON.parse(doc.getText()), { state: 'pending', approver: 'ada' });
    assert.equal(doc.isDirty, false);
    assert.equal(doc.isUntitled, false, 'a document of its own scheme (read-only in the editor), not an Untitled one');

    await vscode.commands.executeCommand('rewind.signalWorkflow', node, { name: 'approve', args: [{ by: 'ada' }] });
    await vscode.commands.executeCommand('rewind.queryWorkflow', node, { name: 'status', args: [] });
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'the same document, not a new one');
    await eventually(() => doc.getText().includes('approved'), 'the document refreshed with the new answer');
    assert.deepEqual(JSON.parse(doc.getText()), { state: 'approved', by: 'ada' });
    assert.equal(
      vscode.workspace.textDocuments.filter((d) => d.uri.toString() === doc.uri.toString()).length,
      1,
      'one document for this run and query',
    );
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, untitled, 'no Untitled document asks to be saved');
  });

  it('starts a workflow like a run: same type, queue and arguments, a new id, each prompt prefilled', async function () {
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'vscode-like', args: ['like', '1 hour'] });
    const runId = await acceptingPrompts(
      vscode.commands.executeCommand<string | undefined>('rewind.startWorkflowLike', await nodeOf('vscode-like')),
    );
    assert.match(runId ?? '', /^[0-9a-f-]{36}$/);
    const info = await eventually(() => api.tree.model.get(runId!), 'the new run in the tree');
    assert.match(info.workflowId, /^vscode-like-[0-9a-z]+$/);
    assert.equal(info.workflowType, 'orderWorkflow');
    assert.equal(info.taskQueue, 'orders');
    const started = (await events(info.workflowId, runId))[0];
    assert.ok(started?.type === 'WorkflowExecutionStarted');
    assert.deepEqual(started.input, ['like', '1 hour']);
    await client.workflow.getHandle(info.workflowId).terminate('test done');
  });

  it('asks Cancel and Terminate for a reason: Escape gives up, Enter records it as Temporal does', async function () {
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'vscode-reason', args: ['why', '1 hour'] });
    const node = await nodeOf('vscode-reason');
    assert.equal(await escapingPrompt(vscode.commands.executeCommand('rewind.cancelWorkflow', node)), undefined);
    assert.equal(await escapingPrompt(vscode.commands.executeCommand('rewind.terminateWorkflow', node)), undefined);
    assert.equal((await client.workflow.getHandle('vscode-reason').describe()).status.name, 'RUNNING', 'escaped: nothing done');
    assert.ok(!(await events('vscode-reason')).some((e) => e.type === 'WorkflowExecutionCancelRequested'));

    assert.equal(await acceptingPrompts(vscode.commands.executeCommand('rewind.cancelWorkflow', node)), true);
    const cancel = await eventually(
      async () => (await events('vscode-reason')).find((e) => e.type === 'WorkflowExecutionCancelRequested'),
      'the cancel request',
    );
    assert.ok(cancel.type === 'WorkflowExecutionCancelRequested');
    assert.equal(cancel.cause, 'cancelled from VS Code');

    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'vscode-reason-t', args: ['why', '1 hour'] });
    assert.equal(await acceptingPrompts(vscode.commands.executeCommand('rewind.terminateWorkflow', await nodeOf('vscode-reason-t'))), true);
    const terminated = (await events('vscode-reason-t')).at(-1);
    assert.ok(terminated?.type === 'WorkflowExecutionTerminated');
    assert.equal(terminated.reason, 'terminated from VS Code');
  });

  it('asks Reset for a reason: Escape gives up, Enter resets with it', async function () {
    const handle = await client.workflow.start('orderWorkflow', {
      taskQueue: 'orders',
      workflowId: 'vscode-reset-why',
      args: ['w', '1 ms'],
    });
    await handle.result();
    const steps = (await api.tree.getChildren(await nodeOf('vscode-reset-why', handle.firstExecutionRunId))) as TreeNode[];
    const timer = steps.find((n) => n.kind === 'step' && n.step.kind === 'timer');
    assert.ok(timer);
    const runs = api.tree.model.size;
    assert.equal(await escapingPrompt(vscode.commands.executeCommand('rewind.resetWorkflow', timer)), undefined);
    assert.equal(api.tree.model.size, runs, 'escaped: no new run');

    const newRunId = await acceptingPrompts(vscode.commands.executeCommand<string | undefined>('rewind.resetWorkflow', timer));
    assert.match(newRunId ?? '', /^[0-9a-f-]{36}$/);
    const failed = (await events('vscode-reset-why', newRunId)).find((e) => e.type === 'WorkflowTaskFailed');
    assert.ok(failed?.type === 'WorkflowTaskFailed');
    assert.match(failed.failure.message, /reset to timer .* from VS Code/);

    // What is typed in the box (given here as the command's argument) is the reason recorded.
    const typedRunId = await vscode.commands.executeCommand<string | undefined>('rewind.resetWorkflow', timer, {
      reason: 'customer asked for a redo',
    });
    const typed = (await events('vscode-reset-why', typedRunId)).find((e) => e.type === 'WorkflowTaskFailed');
    assert.ok(typed?.type === 'WorkflowTaskFailed');
    assert.match(typed.failure.message, /: customer asked for a redo\.$/);
  });
});
