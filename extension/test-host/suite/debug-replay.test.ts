// The replay debugger from a real VS Code: Debug Replay on a finished order's tree node (samples/order),
// Replay History File… on an exported history, and the Debug last run lens (with the workspace's
// rewind.config.json) each start a `rewind` session (the adapter as a Node process of its own) that
// stops on entry; then the session is stopped.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Client, Connection } from '@rewind/sdk/client';
import type { RewindApi } from '../../src/extension';
import { historyFileText } from '../../src/model/history-file';
import { eventually } from './eventually';
import { useServerAddress } from './server-address';

describe('Debug Replay (in VS Code)', function () {
  const address = process.env.REWIND_TEST_ADDRESS!;
  // The host's workspace folder is an empty temp dir: the order sample's workflows, from the repository.
  const workflowsPath = path.join(process.env.REWIND_TEST_ROOT!, 'samples/order/workflows.ts');
  let api: RewindApi;
  let client: Client;
  let connection: Connection;
  /** What each `rewind` adapter sent, by session id. */
  const sent = new Map<string, DebugProtocol.ProtocolMessage[]>();
  let tracker: vscode.Disposable;

  before(async function () {
    api = await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate();
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    await useServerAddress(api, address);
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('rewind', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => void sent.set(session.id, [...(sent.get(session.id) ?? []), m]),
      }),
    });
  });
  after(async function () {
    tracker?.dispose();
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    await connection?.close();
  });

  /** A finished order: its run id and its events as the server holds them. */
  async function finishedOrder(workflowId: string) {
    const handle = await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId, args: [workflowId, '1 ms'] });
    await handle.result();
    return { runId: handle.firstExecutionRunId, events: (await handle.fetchHistory()).events };
  }

  const infoOf = (workflowId: string) => api.connection().call('workflow.describe', { namespace: 'default', workflowId });

  /** Waits for the active `rewind` session named `name` to stop on entry, then stops it; the session. */
  async function stopsOnEntryThenEnds(name: string): Promise<vscode.DebugSession> {
    const session = await eventually(() => {
      const active = vscode.debug.activeDebugSession;
      return active?.type === 'rewind' && active.name === name ? active : undefined;
    }, `the ${name} session`);
    const stopped = await eventually(
      () =>
        (sent.get(session.id) ?? []).find(
          (m): m is DebugProtocol.StoppedEvent => m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped',
        ),
      `${name} to stop`,
    );
    assert.equal(stopped.body.reason, 'entry');
    const threads = (await session.customRequest('threads')) as DebugProtocol.ThreadsResponse['body'];
    assert.ok(
      threads.threads.some((t) => t.id === stopped.body.threadId),
      'the stopped thread is one of the session',
    );

    const ended = new Promise<void>((resolve) => {
      const d = vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.id !== session.id) return;
        d.dispose();
        resolve();
      });
    });
    await vscode.debug.stopDebugging(session);
    await ended;
    await eventually(() => vscode.debug.activeDebugSession?.id !== session.id, `${name} to end`);
    return session;
  }

  it('Debug Replay on a finished order in the tree starts a session that stops on entry', async function () {
    const { runId, events } = await finishedOrder('vscode-debug-replay');
    const node = await eventually(() => api.tree.nodeOf(runId), 'the order in the tree');

    assert.equal(await vscode.commands.executeCommand<boolean>('rewind.debugReplay', node, { workflowsPath }), true);
    const session = await stopsOnEntryThenEnds('Replay vscode-debug-replay');
    assert.equal(session.configuration.workflowsPath, workflowsPath);
    assert.deepEqual(session.configuration.history, { events }, "the run's whole history, read from the server");
  });

  it('Replay History File… on an exported history starts a session that stops on entry', async function () {
    const { events } = await finishedOrder('vscode-replay-file');
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const file = path.join(folder, 'vscode-replay-file.json');
    fs.writeFileSync(file, historyFileText({ events }));

    assert.equal(await vscode.commands.executeCommand<boolean>('rewind.replayHistoryFile', vscode.Uri.file(file), { workflowsPath }), true);
    const session = await stopsOnEntryThenEnds('Replay vscode-replay-file.json');
    assert.equal(session.configuration.historyFile, file);
  });

  it("Debug last run replays the newest run with the workspace's workflowsPath, and says when there is none", async function () {
    await finishedOrder('vscode-debug-last-run');
    // No Rewind configuration in the workspace yet: no session (an error says what to add).
    assert.equal(
      await vscode.commands.executeCommand<boolean>('rewind.debugReplay', {
        kind: 'workflow',
        info: await infoOf('vscode-debug-last-run'),
      }),
      false,
    );
    assert.equal(vscode.debug.activeDebugSession, undefined);

    const config = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'rewind.config.json');
    fs.writeFileSync(config, JSON.stringify({ workflowsPath, taskQueue: 'orders' }));
    try {
      const info = await vscode.commands.executeCommand<{ workflowId: string } | undefined>('rewind.debugLastRun', 'orderWorkflow');
      assert.equal(info?.workflowId, 'vscode-debug-last-run');
      const session = await stopsOnEntryThenEnds('Replay vscode-debug-last-run');
      assert.equal(session.configuration.workflowsPath, workflowsPath, 'from rewind.config.json');
    } finally {
      fs.rmSync(config, { force: true });
    }
  });
});
