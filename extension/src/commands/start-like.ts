// Rewind: Start Workflow Like This One — on a run: Start Workflow with the same type, its task queue, a
// new id and its arguments prefilled (each prompt editable; Escape gives up), from its started event.
import * as vscode from 'vscode';
import type { ServerConnection } from '../connection/server-connection';
import { startLike } from '../model/start-like';
import type { StartWorkflowRequest } from './start-workflow';
import { target, type WorkflowTarget } from './workflow-actions';

export function registerStartLike(connection: () => ServerConnection): vscode.Disposable {
  const start = (request: StartWorkflowRequest): Thenable<string | undefined> =>
    vscode.commands.executeCommand<string | undefined>('rewind.startWorkflow', request);
  return vscode.commands.registerCommand('rewind.startWorkflowLike', async (node?: WorkflowTarget) => {
    const run = await target(node);
    if (!run) return undefined;
    const c = connection();
    try {
      const info = node?.info ?? (await c.call('workflow.describe', { namespace: c.namespace, ...run }));
      const history = await c.call('workflow.history', {
        namespace: c.namespace,
        workflowId: info.workflowId,
        runId: info.runId,
        maxEvents: 1,
      });
      const like = startLike(info, history.events[0], Date.now());
      if (!like) {
        void vscode.window.showErrorMessage(
          `Cannot start a workflow like ${info.workflowId}: its history does not begin with its start event. Use Rewind: Start Workflow.`,
        );
        return undefined;
      }
      return await start({
        workflowType: like.workflowType,
        prefill: { taskQueue: like.taskQueue, workflowId: like.workflowId, args: like.args },
      });
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not start a workflow like ${run.workflowId}: ${(err as Error).message}`);
      return undefined;
    }
  });
}
