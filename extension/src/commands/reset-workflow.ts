// Rewind: Reset to here — on a step, back to the last workflow task completed before it (the rule is in
// model/reset-points.ts); on a workflow, to the completed workflow task picked from a list. Asks for a
// reason first (Escape gives up); the server starts the new run (terminating the old one if it runs) and the tree shows it.
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import type { Step } from '@rewind/sdk/internal/history/history-steps';
import { readWholeHistory } from '../model/history-file';
import { resetEventIdForStep, resetPoints, type ResetPoint } from '../model/reset-points';
import { askReason } from './ask-reason';
import { target, type WorkflowTarget } from './workflow-actions';

/** A step of the tree (as its context menu passes it), or a workflow. */
type ResetNode = { kind: 'step'; run: WorkflowExecutionInfo; step: Step } | WorkflowTarget;

/** What a caller (a test) may give instead of being asked. */
export interface ResetGiven {
  eventId?: number;
  confirmed?: boolean;
  reason?: string;
}

const stepName = (s: Step): string => `${s.kind === 'activity' || s.kind === 'localActivity' ? 'activity' : s.kind} ${s.label}`;

export function registerResetWorkflow(
  connection: () => ServerConnection,
  reveal: (run: WorkflowExecutionInfo) => Promise<void>,
): vscode.Disposable {
  return vscode.commands.registerCommand('rewind.resetWorkflow', async (node?: ResetNode, given: ResetGiven = {}) => {
    const fail = (what: string) => (err: Error) => {
      void vscode.window.showErrorMessage(`${what}: ${err.message}`);
      return undefined;
    };
    const step = node?.kind === 'step' && 'step' in node ? node.step : undefined;
    const picked = node?.kind === 'step' && 'run' in node ? { workflowId: node.run.workflowId, runId: node.run.runId } : await target(node);
    if (!picked) return undefined;
    const c = connection();
    const run = await c.call('workflow.describe', { namespace: c.namespace, ...picked }).catch(fail(`Could not find ${picked.workflowId}`));
    if (!run) return undefined;
    const history = await readWholeHistory((p) => c.call('workflow.history', p), run).catch(
      fail(`Could not read the history of ${run.workflowId}`),
    );
    if (!history) return undefined;

    let eventId = given.eventId;
    if (eventId === undefined && step) {
      eventId = resetEventIdForStep(history.events, step.firstEventId);
      if (eventId === undefined) {
        void vscode.window.showErrorMessage(
          `Cannot reset to ${stepName(step)}: it came before the workflow's first task completed, so there is no point before it to go back to.`,
        );
        return undefined;
      }
    }
    if (eventId === undefined) eventId = await pickPoint(run, resetPoints(history.events));
    if (eventId === undefined) return undefined;

    // The reason box confirms (Enter) or gives up (Escape); what is typed is the reset's reason.
    let reason = given.reason;
    if (reason === undefined && !given.confirmed) {
      reason = await askReason(
        `Reset ${run.workflowId} to event ${eventId}${step ? ` (just before ${stepName(step)})` : ''}`,
        `A new run starts from that workflow task and runs the rest again on the current code; signals received after it are delivered again.${run.status === 'RUNNING' ? ' The running run is terminated.' : ''}`,
        step ? `reset to ${stepName(step)} from VS Code` : 'reset from VS Code',
      );
      if (reason === undefined) return undefined;
    }
    const reset = await c
      .call('workflow.reset', {
        namespace: c.namespace,
        workflowId: run.workflowId,
        runId: run.runId,
        eventId,
        reason: reason || (step ? `reset to ${stepName(step)} from VS Code` : 'reset from VS Code'),
        identity: 'vscode',
      })
      .catch(fail(`Could not reset ${run.workflowId}`));
    if (!reset) return undefined;
    // The reset is done: the new run is in the tree even if selecting it fails.
    await c
      .call('workflow.describe', { namespace: c.namespace, workflowId: run.workflowId, runId: reset.runId })
      .then(reveal)
      .catch((err: Error) => console.warn(`[rewind] could not reveal the new run ${reset.runId}: ${err.message}`));
    void vscode.window.setStatusBarMessage(`Reset ${run.workflowId} to event ${eventId}: new run ${reset.runId}`, 4000);
    return reset.runId;
  });
}

/** A quick pick of the run's completed workflow tasks, each with the steps it would redo first. */
async function pickPoint(run: WorkflowExecutionInfo, points: ResetPoint[]): Promise<number | undefined> {
  if (points.length === 0) {
    void vscode.window.showErrorMessage(`${run.workflowId} has no completed workflow task to reset to.`);
    return undefined;
  }
  const item = await vscode.window.showQuickPick(
    points.map((p) => ({
      label: `Event ${p.eventId}`,
      description: `workflow task completed ${new Date(p.time).toLocaleString()}`,
      detail: p.redoes.length ? `then: ${p.redoes.map(stepName).join(', ')}` : 'then: no step began after it',
      eventId: p.eventId,
    })),
    { title: `Reset ${run.workflowId} to…`, placeHolder: 'The workflow task to run again (what it began is redone)', matchOnDetail: true },
  );
  return item?.eventId;
}
