// Rewind: Start Workflow — pick a workflow type (found in the workspace's source), a task queue, an id,
// and the arguments as JSON (prefilled from the function's parameters, checked before sending); then
// start it with a progress notification and show it in the tree.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Payload, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import { askArgs } from './ask-args';
import type { WorkflowDefinition } from '../model/workflow-scan';
import { findWorkflows, projectTaskQueue } from '../workspace/find-workflows';

/** What a caller (a CodeLens, a test) may give instead of being asked. */
export interface StartWorkflowRequest {
  workflowType?: string;
  taskQueue?: string;
  workflowId?: string;
  args?: unknown[];
}

const LAST_QUEUE = 'rewind.lastTaskQueue';

export async function startWorkflow(
  connection: ServerConnection,
  state: vscode.Memento,
  reveal: (run: WorkflowExecutionInfo) => Promise<void>,
  request: StartWorkflowRequest = {},
): Promise<string | undefined> {
  let definition: WorkflowDefinition | undefined;
  let workflowType = request.workflowType;
  if (!workflowType) {
    const found = await findWorkflows();
    const picked = await vscode.window.showQuickPick(
      found.map((d) => ({ label: d.name, description: `${vscode.workspace.asRelativePath(d.file)}:${d.line + 1}`, definition: d })),
      { title: 'Start Workflow', placeHolder: found.length ? 'Workflow type' : 'No workflow found in the workspace', ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    definition = picked.definition;
    workflowType = picked.label;
  }
  const taskQueue =
    request.taskQueue ??
    (await vscode.window.showInputBox({
      title: `Start ${workflowType}: task queue`,
      value: state.get<string>(LAST_QUEUE) ?? (await projectTaskQueue()) ?? '',
      validateInput: (v) => (v.trim() ? undefined : 'The task queue of the workers that run it'),
      ignoreFocusOut: true,
    }));
  if (!taskQueue) return undefined;
  const workflowId =
    request.workflowId ??
    (await vscode.window.showInputBox({
      title: `Start ${workflowType}: workflow id`,
      value: `${workflowType}-${Date.now().toString(36)}`,
      ignoreFocusOut: true,
    }));
  if (!workflowId) return undefined;
  const args =
    (request.args as Payload[] | undefined) ??
    (await askArgs(
      `Start ${workflowType}: arguments (a JSON array)`,
      definition?.template ?? '[]',
      definition?.params.map((p) => `${p.name}${p.optional ? '?' : ''}${p.type ? `: ${p.type}` : ''}`).join(', '),
    ));
  if (!args) return undefined;
  await state.update(LAST_QUEUE, taskQueue);
  const started = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Starting ${workflowType}…` },
    () =>
      connection.call('workflow.start', {
        namespace: connection.namespace,
        workflowId,
        workflowType,
        taskQueue,
        args,
        requestId: randomUUID(),
        identity: 'vscode',
      }),
  );
  const run = await connection.call('workflow.describe', { namespace: connection.namespace, workflowId, runId: started.runId });
  await reveal(run);
  void vscode.window.setStatusBarMessage(`Started ${workflowType} ${workflowId}`, 3000);
  return started.runId;
}
