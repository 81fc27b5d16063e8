// The commands on one workflow (palette and context menu): Signal, Query, Update, Cancel, Terminate.
// Each takes the tree node it was invoked on, and what its prompts ask may be given. Signal, Query and
// Update offer the names the run's worker reports and the workspace's source defines, with argument
// templates from their types;
// answers open in one read-only document per run and name; Cancel and Terminate ask for a reason.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Payload, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import type { HandlerKind } from '../model/handler-scan';
import type { WorkflowScanner } from '../workspace/workflow-scanner';
import { AnswerDocuments } from './answer-documents';
import { askArgs } from './ask-args';
import { askHandler, handlerPrompt } from './ask-handler';
import { reportedHandlers } from '../model/handler-offer';
import { askReason } from './ask-reason';

export interface WorkflowTarget {
  kind: string;
  info?: WorkflowExecutionInfo;
}

/** What a caller (a test, another command) may give instead of being asked. */
export interface MessageGiven {
  name?: string;
  args?: unknown[];
}

/** The run a command acts on: the node it came from, or one typed in. */
export async function target(node: WorkflowTarget | undefined): Promise<{ workflowId: string; runId?: string } | undefined> {
  if (node?.kind === 'workflow' && node.info) return { workflowId: node.info.workflowId, runId: node.info.runId };
  const workflowId = await vscode.window.showInputBox({ title: 'Workflow id', ignoreFocusOut: true });
  return workflowId ? { workflowId } : undefined;
}

export function registerWorkflowActions(connection: () => ServerConnection, scanner: WorkflowScanner): vscode.Disposable[] {
  const ns = (): string => connection().namespace;
  const fail = (what: string) => (err: Error) => {
    void vscode.window.showErrorMessage(`${what}: ${err.message}`);
    return undefined;
  };
  const answers = new AnswerDocuments();

  /** The run, the name and the arguments of a signal, query or update: given, or asked (names from the worker and the source). */
  async function askMessage(
    kind: HandlerKind,
    node: WorkflowTarget | undefined,
    given: MessageGiven | undefined,
  ): Promise<{ run: { workflowId: string; runId?: string }; name: string; args: Payload[] } | undefined> {
    const run = await target(node);
    if (!run) return undefined;
    const verb = `${kind[0]!.toUpperCase()}${kind.slice(1)}`;
    let name = given?.name;
    let prompt: string | undefined;
    let template = '[]';
    if (!name) {
      const described = node?.info
        ? { workflowType: node.info.workflowType, status: node.info.status }
        : await connection()
            .call('workflow.describe', { namespace: ns(), ...run })
            .then((d) => ({ workflowType: d.workflowType, status: d.status }))
            .catch(() => undefined);
      const reported = await reportedHandlers(
        (queryType) => connection().call('workflow.query', { namespace: ns(), ...run, queryType, args: [] }),
        described?.status,
      );
      const answer = await askHandler(scanner, kind, described?.workflowType, `${verb} ${run.workflowId}: ${kind} name`, reported);
      if (!answer) return undefined;
      name = answer.name;
      prompt = handlerPrompt(answer.definition);
      template = answer.definition?.template ?? '[]';
    }
    const args = (given?.args as Payload[] | undefined) ?? (await askArgs(`${verb} ${name}: arguments (a JSON array)`, template, prompt));
    if (!args) return undefined;
    return { run, name, args };
  }

  return [
    answers,
    vscode.commands.registerCommand('rewind.signalWorkflow', async (node?: WorkflowTarget, given?: MessageGiven) => {
      const m = await askMessage('signal', node, given);
      if (!m) return undefined;
      return connection()
        .call('workflow.signal', {
          namespace: ns(),
          ...m.run,
          signalName: m.name,
          args: m.args,
          requestId: randomUUID(),
          identity: 'vscode',
        })
        .then(() => true, fail(`Could not signal ${m.run.workflowId}`));
    }),
    vscode.commands.registerCommand('rewind.queryWorkflow', async (node?: WorkflowTarget, given?: MessageGiven) => {
      const m = await askMessage('query', node, given);
      if (!m) return undefined;
      const answer = await connection()
        .call('workflow.query', { namespace: ns(), ...m.run, queryType: m.name, args: m.args })
        .catch(fail(`Could not query ${m.run.workflowId}`));
      if (!answer) return undefined;
      await answers.show(m.run, 'query', m.name, answer.result ?? null);
      return answer.result;
    }),
    vscode.commands.registerCommand('rewind.updateWorkflow', async (node?: WorkflowTarget, given?: MessageGiven) => {
      const m = await askMessage('update', node, given);
      if (!m) return undefined;
      const { run, name, args } = m;
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
      await answers.show(run, 'update', name, outcome.result ?? null);
      return outcome;
    }),
    vscode.commands.registerCommand('rewind.cancelWorkflow', async (node?: WorkflowTarget, given?: { reason?: string }) => {
      const run = await target(node);
      if (!run) return undefined;
      const reason =
        given?.reason ??
        (await askReason(
          `Cancel ${run.workflowId}`,
          'The workflow is asked to cancel: its cancellation scopes end and its cleanup code runs.',
          'cancelled from VS Code',
        ));
      if (reason === undefined) return undefined;
      return connection()
        .call('workflow.cancel', { namespace: ns(), ...run, ...(reason ? { reason } : {}), identity: 'vscode' })
        .then(() => true, fail(`Could not cancel ${run.workflowId}`));
    }),
    vscode.commands.registerCommand(
      'rewind.terminateWorkflow',
      async (node?: WorkflowTarget, given?: { reason?: string; confirmed?: boolean }) => {
        const run = await target(node);
        if (!run) return undefined;
        const reason =
          given?.reason ??
          (given?.confirmed
            ? ''
            : await askReason(`Terminate ${run.workflowId}`, 'It ends at once; no cleanup code runs.', 'terminated from VS Code'));
        if (reason === undefined) return undefined;
        return connection()
          .call('workflow.terminate', { namespace: ns(), ...run, ...(reason ? { reason } : {}), identity: 'vscode' })
          .then(() => true, fail(`Could not terminate ${run.workflowId}`));
      },
    ),
  ];
}
