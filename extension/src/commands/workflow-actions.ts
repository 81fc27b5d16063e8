// The commands on one workflow (palette and context menu): Signal, Query, Update, Cancel, Terminate.
// Each takes the tree node it was invoked on, and what its prompts ask may be given.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import type { Payload, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import { askArgs } from './ask-args';

export interface WorkflowTarget {
  kind: string;
  info?: WorkflowExecutionInfo;
}

/** The run a command acts on: the node it came from, or one typed in. */
export async function target(node: WorkflowTarget | undefined): Promise<{ workflowId: string; runId?: string } | undefined> {
  if (node?.kind === 'workflow' && node.info) return { workflowId: node.info.workflowId, runId: node.info.runId };
  const workflowId = await vscode.window.showInputBox({ title: 'Workflow id', ignoreFocusOut: true });
  return workflowId ? { workflowId } : undefined;
}

export function registerWorkflowActions(connection: () => ServerConnection): vscode.Disposable[] {
  const ns = (): string => connection().namespace;
  const fail = (what: string) => (err: Error) => {
    void vscode.window.showErrorMessage(`${what}: ${err.message}`);
    return undefined;
  };
  return [
    vscode.commands.registerCommand('rewind.signalWorkflow', async (node?: WorkflowTarget, given?: { name: string; args?: unknown[] }) => {
      const run = await target(node);
      if (!run) return undefined;
      const name =
        given?.name ?? (await vscode.window.showInputBox({ title: `Signal ${run.workflowId}: signal name`, ignoreFocusOut: true }));
      if (!name) return undefined;
      const args = (given?.args as Payload[] | undefined) ?? (await askArgs(`Signal ${name}: arguments (a JSON array)`));
      if (!args) return undefined;
      return connection()
        .call('workflow.signal', { namespace: ns(), ...run, signalName: name, args, requestId: randomUUID(), identity: 'vscode' })
        .then(() => true, fail(`Could not signal ${run.workflowId}`));
    }),
    vscode.commands.registerCommand('rewind.queryWorkflow', async (node?: WorkflowTarget, given?: { name: string; args?: unknown[] }) => {
      const run = await target(node);
      if (!run) return undefined;
      const name =
        given?.name ?? (await vscode.window.showInputBox({ title: `Query ${run.workflowId}: query name`, ignoreFocusOut: true }));
      if (!name) return undefined;
      const args = (given?.args as Payload[] | undefined) ?? (await askArgs(`Query ${name}: arguments (a JSON array)`));
      if (!args) return undefined;
      const answer = await connection()
        .call('workflow.query', { namespace: ns(), ...run, queryType: name, args })
        .catch(fail(`Could not query ${run.workflowId}`));
      if (!answer) return undefined;
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: displayJson(answer.result ?? null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
      return answer.result;
    }),
    vscode.commands.registerCommand('rewind.updateWorkflow', async (node?: WorkflowTarget, given?: { name: string; args?: unknown[] }) => {
      const run = await target(node);
      if (!run) return undefined;
      const name =
        given?.name ?? (await vscode.window.showInputBox({ title: `Update ${run.workflowId}: update name`, ignoreFocusOut: true }));
      if (!name) return undefined;
      const args = (given?.args as Payload[] | undefined) ?? (await askArgs(`Update ${name}: arguments (a JSON array)`));
      if (!args) return undefined;
      const outcome = await Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Update ${name} on ${run.workflowId}…` }, () =>
          connection().call('workflow.update', {
            namespace: ns(),
            ...run,
            updateId: randomUUID(),
            name,
            args,
            waitForStage: 'COMPLETED',
            identity: 'vscode',
          }),
        ),
      ).catch(fail(`Could not update ${run.workflowId}`));
      if (!outcome) return undefined;
      // The handler's failure, or the validator's refusal, is the answer: shown, and returned to a caller.
      if (outcome.failure) {
        void vscode.window.showErrorMessage(`Update ${name} ${outcome.rejected ? 'was rejected' : 'failed'}: ${outcome.failure.message}`);
        return outcome;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: displayJson(outcome.result ?? null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
      return outcome;
    }),
    vscode.commands.registerCommand('rewind.cancelWorkflow', async (node?: WorkflowTarget) => {
      const run = await target(node);
      if (!run) return undefined;
      return connection()
        .call('workflow.cancel', { namespace: ns(), ...run, identity: 'vscode' })
        .then(() => true, fail(`Could not cancel ${run.workflowId}`));
    }),
    vscode.commands.registerCommand(
      'rewind.terminateWorkflow',
      async (node?: WorkflowTarget, given?: { reason?: string; confirmed?: boolean }) => {
        const run = await target(node);
        if (!run) return undefined;
        if (!given?.confirmed) {
          const ok = await vscode.window.showWarningMessage(
            `Terminate ${run.workflowId}? It ends at once; no cleanup code runs.`,
            { modal: true },
            'Terminate',
          );
          if (ok !== 'Terminate') return undefined;
        }
        return connection()
          .call('workflow.terminate', { namespace: ns(), ...run, ...(given?.reason ? { reason: given.reason } : {}), identity: 'vscode' })
          .then(() => true, fail(`Could not terminate ${run.workflowId}`));
      },
    ),
  ];
}
