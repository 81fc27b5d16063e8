// Rewind: Start Workflow — pick a workflow type (registered by the live workers, found in the workspace's
// source, or both: each row says which), a task queue (the one whose workers registered the type comes
// first; a queue where no worker registers it is warned about, not refused), an id, and the arguments
// as JSON (prefilled from the function's parameters, checked before sending); then start it with a
// progress notification and show it in the tree, warning at once if the server says no worker runs it.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Payload, TaskQueueSummary, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import { askArgs } from './ask-args';
import {
  mergeWorkflowTypes,
  noWorkerWarning,
  preferredTaskQueue,
  registeredText,
  startedWarningText,
  type WorkflowTypeChoice,
} from '../model/workflow-types';
import { findWorkflows } from '../workspace/find-workflows';
import { projectTaskQueue } from '../workspace/project-config';
import type { WorkflowScanner } from '../workspace/workflow-scanner';

/** What a caller (a CodeLens, a test) may give instead of being asked; every field optional. */
export interface StartWorkflowRequest {
  workflowType?: string;
  taskQueue?: string;
  workflowId?: string;
  args?: unknown[];
  /** What the prompts offer to edit, instead of their usual values (Start Workflow Like This One). */
  prefill?: { taskQueue?: string; workflowId?: string; args?: unknown[] };
}

export interface WorkflowTypeItem extends vscode.QuickPickItem {
  choice: WorkflowTypeChoice;
}

const LAST_QUEUE = 'rewind.lastTaskQueue';

/** The live workers' task queues and types; undefined if the server cannot say (then nothing is warned about). */
export async function registeredTaskQueues(connection: ServerConnection): Promise<TaskQueueSummary[] | undefined> {
  try {
    return (await connection.call('taskQueue.list', { namespace: connection.namespace })).taskQueues;
  } catch {
    return undefined;
  }
}

/** The rows of the type pick: each type once, saying which queues registered it and where its source is. */
export async function workflowTypeItems(
  scanner: WorkflowScanner,
  registered: readonly TaskQueueSummary[] | undefined,
): Promise<WorkflowTypeItem[]> {
  const choices = mergeWorkflowTypes(await findWorkflows(scanner), registered ?? []);
  return choices.map((choice) => {
    const d = choice.definition;
    return {
      label: choice.name,
      description: [registeredText(choice), d ? `${vscode.workspace.asRelativePath(d.file)}:${d.line + 1}` : '']
        .filter(Boolean)
        .join(' · '),
      ...(d ? { detail: `(${signature(d.params)})` } : {}),
      choice,
    };
  });
}

export async function startWorkflow(
  connection: ServerConnection,
  scanner: WorkflowScanner,
  state: vscode.Memento,
  reveal: (run: WorkflowExecutionInfo) => Promise<void>,
  request: StartWorkflowRequest = {},
): Promise<string | undefined> {
  const asksSomething = !request.workflowType || !request.taskQueue || !request.args;
  const registered = asksSomething ? await registeredTaskQueues(connection) : undefined;
  let choice: WorkflowTypeChoice | undefined;
  let workflowType = request.workflowType;
  if (!workflowType) {
    const items = await workflowTypeItems(scanner, registered);
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Start Workflow',
      placeHolder: items.length ? 'Workflow type' : 'No workflow type: no live worker registers one, and none was found in the workspace',
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    choice = picked.choice;
    workflowType = choice.name;
  } else if (asksSomething) {
    // Named by the caller (a CodeLens): its registrations and source still give the queue and the arguments.
    choice = (await workflowTypeItems(scanner, registered)).find((i) => i.choice.name === workflowType)?.choice;
  }
  const type = workflowType;
  const taskQueue =
    request.taskQueue ??
    (
      await vscode.window.showInputBox({
        title: `Start ${type}: task queue`,
        value: request.prefill?.taskQueue ?? preferredTaskQueue(choice, state.get<string>(LAST_QUEUE), await projectTaskQueue(scanner)),
        ...(choice?.taskQueues.length ? { prompt: `${type} is ${registeredText(choice)}` } : {}),
        validateInput: (v) => {
          if (!v.trim()) return 'The task queue of the workers that run it';
          const warning = noWorkerWarning(type, v, registered);
          return warning ? { message: warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
        },
        ignoreFocusOut: true,
      })
    )?.trim();
  if (!taskQueue) return undefined;
  const workflowId =
    request.workflowId ??
    (await vscode.window.showInputBox({
      title: `Start ${type}: workflow id`,
      value: request.prefill?.workflowId ?? `${type}-${Date.now().toString(36)}`,
      ignoreFocusOut: true,
    }));
  if (!workflowId) return undefined;
  const definition = choice?.definition;
  const warning = noWorkerWarning(type, taskQueue, registered);
  const args =
    (request.args as Payload[] | undefined) ??
    (await askArgs(
      `Start ${type}: arguments (a JSON array)`,
      request.prefill?.args ? JSON.stringify(request.prefill.args) : (definition?.template ?? '[]'),
      [definition ? signature(definition.params) : '', warning ? `Warning: ${warning}` : ''].filter(Boolean).join(' — ') || undefined,
    ));
  if (!args) return undefined;
  await state.update(LAST_QUEUE, taskQueue);
  const started = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Starting ${type}…` }, () =>
    connection.call('workflow.start', {
      namespace: connection.namespace,
      workflowId,
      workflowType: type,
      taskQueue,
      args,
      requestId: randomUUID(),
      identity: 'vscode',
    }),
  );
  // The server's word on it (what the workers there have, the closest name), at once: the run waits for a worker.
  if (started.warning) void warnStarted(connection, type, workflowId, started.runId, started.warning.message);
  const run = await connection.call('workflow.describe', { namespace: connection.namespace, workflowId, runId: started.runId });
  await reveal(run);
  if (!started.warning) void vscode.window.setStatusBarMessage(`Started ${type} ${workflowId}`, 3000);
  return started.runId;
}

/** Says that no live worker would run the started workflow; Terminate ends the run (to start it again rightly). */
async function warnStarted(connection: ServerConnection, type: string, workflowId: string, runId: string, why: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(startedWarningText(type, workflowId, why), 'Terminate');
  if (choice !== 'Terminate') return;
  try {
    await connection.call('workflow.terminate', {
      namespace: connection.namespace,
      workflowId,
      runId,
      reason: 'started where no worker runs it',
      identity: 'vscode',
    });
  } catch (err) {
    void vscode.window.showErrorMessage(`Could not terminate ${workflowId}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function signature(params: ReadonlyArray<{ name: string; optional: boolean; type: string }>): string {
  return params.map((p) => `${p.name}${p.optional ? '?' : ''}${p.type ? `: ${p.type}` : ''}`).join(', ');
}
