// The history view follows a `rewind` debug session of a run: when the session starts, the workflow
// source opens and the run's history panel beside it (so the source of each stop shows in the source's
// group, not over the history), each stop highlights its event there (the adapter's `rewindPosition`
// event), and a row picked in the panel moves the debugger to it (the `goToEvent` request).
import * as vscode from 'vscode';
import type { HistoryPanels } from '../views/history-panels';
import { DEBUG_TYPE } from './launch-config';

/** The run a session replays (set by Debug Replay and Debug last run; a history file has none). */
function runOf(session: vscode.DebugSession): { workflowId: string; runId: string } | undefined {
  const { workflowId, runId } = session.configuration as { workflowId?: unknown; runId?: unknown };
  return typeof workflowId === 'string' && typeof runId === 'string' ? { workflowId, runId } : undefined;
}

/** The session's workflows module, in the active group (where VS Code then shows each stop's source). */
async function showSource(session: vscode.DebugSession): Promise<void> {
  const { workflowsPath } = session.configuration as { workflowsPath?: unknown };
  if (typeof workflowsPath !== 'string') return;
  await vscode.window.showTextDocument(vscode.Uri.file(workflowsPath), { preview: true }).then(undefined, () => undefined);
}

export function followDebugSessions(panels: HistoryPanels): vscode.Disposable[] {
  /** Where each session of a run is (a stop may come before its panel is open). */
  const positions = new Map<string, number>();

  const apply = (session: vscode.DebugSession): void => {
    const run = runOf(session);
    const eventId = positions.get(session.id);
    const panel = run && panels.forRun(run.runId);
    if (!panel || eventId === undefined) return;
    panel.followDebugger({
      eventId,
      goTo: (id) => void session.customRequest('goToEvent', { eventId: id }).then(undefined, () => undefined),
    });
  };

  return [
    vscode.debug.onDidStartDebugSession((session) => {
      const run = session.type === DEBUG_TYPE ? runOf(session) : undefined;
      if (!run) return;
      showSource(session)
        .then(() => panels.show(run, { beside: true }))
        .then(
          () => apply(session),
          (err: Error) =>
            void vscode.window.showWarningMessage(`The history of ${run.workflowId} cannot follow the debugger: ${err.message}`),
        );
    }),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== 'rewindPosition') return;
      const eventId = (e.body as { eventId?: unknown } | undefined)?.eventId;
      if (typeof eventId !== 'number') return;
      positions.set(e.session.id, eventId);
      apply(e.session);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (!positions.delete(session.id)) return;
      const run = runOf(session);
      if (run) panels.forRun(run.runId)?.followDebugger(undefined);
    }),
  ];
}
