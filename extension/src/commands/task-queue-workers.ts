// Rewind: Show Task Queue Workers — who polls a task queue (a run's, from its context menu; else picked
// from the queues workers poll and those of running runs nobody polls), in a pick titled with the queue's
// backlog: each worker's identity, Rewind's or Temporal's, what it takes and how busy it is, or when it
// last polled; Refresh asks again, and a worker that said where its workflow code is opens it.
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import { noWorkersText, queueChoices, workerRows, workersTitle, type WorkerRow } from '../model/task-queue-workers';

/** What the command showed (for tests): the queue and its workers' rows as last shown. */
export interface ShownWorkers {
  taskQueue: string;
  rows: WorkerRow[];
}

/** A queue's name, or a workflow node of the tree (its run's queue); nothing: the queue is picked. */
type Target = string | { kind: string; info?: WorkflowExecutionInfo } | undefined;

interface WorkerItem extends vscode.QuickPickItem {
  row: WorkerRow;
}

export function registerTaskQueueWorkers(
  connection: () => ServerConnection,
  runningByQueue: () => ReadonlyMap<string, number>,
): vscode.Disposable {
  return vscode.commands.registerCommand('rewind.showTaskQueueWorkers', (target?: Target) =>
    showTaskQueueWorkers(connection(), runningByQueue, target).catch((err: Error) => {
      void vscode.window.showErrorMessage(`Could not show the task queue's workers: ${err.message}`);
      return undefined;
    }),
  );
}

async function showTaskQueueWorkers(
  connection: ServerConnection,
  runningByQueue: () => ReadonlyMap<string, number>,
  target: Target,
): Promise<ShownWorkers | undefined> {
  const taskQueue =
    typeof target === 'string'
      ? target
      : target?.kind === 'workflow' && target.info
        ? target.info.taskQueue
        : await pickQueue(connection, runningByQueue());
  if (!taskQueue) return undefined;
  const describe = async (): Promise<{ title: string; items: WorkerItem[] }> => {
    const d = await connection.call('taskQueue.describe', { namespace: connection.namespace, taskQueue });
    const rows = workerRows(d, Date.now());
    return {
      title: workersTitle(taskQueue, d),
      items: rows.map((row) => ({ label: row.label, description: row.description, detail: row.detail, row })),
    };
  };
  const first = await describe();
  const pick = vscode.window.createQuickPick<WorkerItem>();
  const show = ({ title, items }: { title: string; items: WorkerItem[] }): void => {
    pick.title = title;
    pick.items = items;
    pick.placeholder = items.length ? 'Pick a worker that said where its workflow code is to open it' : noWorkersText(taskQueue);
  };
  show(first);
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const refresh: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: 'Refresh' };
  pick.buttons = [refresh];
  pick.onDidTriggerButton(() => {
    pick.busy = true;
    describe()
      .then(show, (err: Error) => void vscode.window.showErrorMessage(`Could not refresh: ${err.message}`))
      .finally(() => (pick.busy = false));
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const path = pick.selectedItems[0]?.row.workflowsPath;
      if (!path) return;
      pick.hide();
      void vscode.window.showTextDocument(vscode.Uri.file(path));
    });
    pick.onDidHide(() => {
      resolve({ taskQueue, rows: pick.items.map((i) => i.row) });
      pick.dispose();
    });
    pick.show();
  });
}

/** The queue, picked from those workers poll (first) and those of running runs nobody polls. */
async function pickQueue(connection: ServerConnection, runningByQueue: ReadonlyMap<string, number>): Promise<string | undefined> {
  const { taskQueues } = await connection.call('taskQueue.list', { namespace: connection.namespace });
  const choices = queueChoices(taskQueues, runningByQueue);
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.name, description: c.description })),
    {
      title: 'Show Task Queue Workers',
      placeHolder: choices.length ? 'Task queue' : 'No worker polls a task queue of this namespace now, and no running run waits on one',
    },
  );
  return picked?.label;
}
