// The replay debugger from a real VS Code: Debug Replay on a finished order's tree node (samples/order,
// runs of two types whose code it finds in the workspace by itself, and a run whose code only the live
// worker's registration names),
// Replay History File… on an exported history, and the Debug last run lens (with the workspace's
// rewind.config.json, or rewind.config.ts) each start a `rewind` session (the adapter as a Node process of its own) that
// stops on entry; then the session is stopped. Open in Node debugger runs the same replay under
// VS Code's own JavaScript debugger (js-debug), paused in the workflow code with its locals. A Temporal
// project's run made with workflow interceptors replays with them (its Worker.create's workflowModules).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Client, Connection } from '@rewind/sdk/client';
import type { RewindApi } from '../../src/extension';
import { historyFileText } from '../../src/model/history-file';
import { findWorkflows } from '../../src/workspace/find-workflows';
import { eventually } from './eventually';
import { useServerAddress } from './server-address';

describe('Debug Replay (in VS Code)', function () {
  const address = process.env.REWIND_TEST_ADDRESS!;
  // The host's workspace folder is an empty temp dir: the order sample's workflows, from the repository.
  const workflowsPath = path.join(process.env.REWIND_TEST_ROOT!, 'samples/order/workflows.ts');
  let api: RewindApi;
  let client: Client;
  let connection: Connection;
  /** What each debug adapter (ours, and js-debug's) sent, by session id. */
  const sent = new Map<string, DebugProtocol.ProtocolMessage[]>();
  let tracker: vscode.Disposable;
  /** The js-debug sessions started (Open in Node debugger). */
  const nodeSessions = new Set<vscode.DebugSession>();
  let started: vscode.Disposable;

  before(async function () {
    api = await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate();
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    await useServerAddress(api, address);
    started = vscode.debug.onDidStartDebugSession((s) => {
      if (s.type !== 'rewind') nodeSessions.add(s);
    });
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => void sent.set(session.id, [...(sent.get(session.id) ?? []), m]),
      }),
    });
  });
  after(async function () {
    tracker?.dispose();
    started?.dispose();
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    await connection?.close();
  });

  /** A finished order: its run id and its events as the server holds them. */
  async function finishedOrder(workflowId: string) {
    const handle = await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId, args: [workflowId, '1 ms'] });
    await handle.result();
    return { runId: handle.firstExecutionRunId, events: (await handle.fetchHistory()).events };
  }

  /** The first `stopped` event a session's adapter sent. */
  const stoppedEvent = (session: vscode.DebugSession): DebugProtocol.StoppedEvent | undefined =>
    (sent.get(session.id) ?? []).find(
      (m): m is DebugProtocol.StoppedEvent => m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped',
    );

  /** Waits for the active `rewind` session named `name` to stop on entry; the session. */
  async function stopsOnEntry(name: string): Promise<vscode.DebugSession> {
    const session = await eventually(() => {
      const active = vscode.debug.activeDebugSession;
      return active?.type === 'rewind' && active.name === name ? active : undefined;
    }, `the ${name} session`);
    const stopped = await eventually(() => stoppedEvent(session), `${name} to stop`);
    assert.equal(stopped.body.reason, 'entry');
    const threads = (await session.customRequest('threads')) as DebugProtocol.ThreadsResponse['body'];
    assert.ok(
      threads.threads.some((t) => t.id === stopped.body.threadId),
      'the stopped thread is one of the session',
    );
    return session;
  }

  /** Stops a session and waits for it to end. */
  async function end(session: vscode.DebugSession, name = session.name): Promise<void> {
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
  }

  async function stopsOnEntryThenEnds(name: string): Promise<vscode.DebugSession> {
    const session = await stopsOnEntry(name);
    await end(session);
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

  it('Debug Replay finds the code of a run through the live worker that registered its type, outside the workspace', async function () {
    // The workspace has no source of orderWorkflow and no configuration: only the samples' worker (run
    // from the repository, outside the workspace) says where its code is.
    const { runId } = await finishedOrder('vscode-registered-code');
    assert.ok(
      !(await findWorkflows(api.scanner)).some((d) => d.name === 'orderWorkflow'),
      'no file of the workspace exports orderWorkflow',
    );
    const { taskQueues } = await api.connection().call('taskQueue.list', { namespace: 'default' });
    assert.deepEqual(
      taskQueues.find((q) => q.name === 'orders')?.workflowCode?.map((c) => c.workflowsPath),
      [workflowsPath],
      "the worker's registration names its workflows module",
    );
    const node = await eventually(() => api.tree.nodeOf(runId), 'the order in the tree');
    assert.equal(await vscode.commands.executeCommand<boolean>('rewind.debugReplay', node), true);
    const session = await stopsOnEntryThenEnds('Replay vscode-registered-code');
    assert.equal(session.configuration.workflowsPath, workflowsPath, "from the worker's registration");
  });

  it('Replay History File… of a type that nothing has the code of starts no session (an error says where it looked)', async function () {
    const { events } = await finishedOrder('vscode-ghost-type');
    const ghost = events.map((e) => (e.type === 'WorkflowExecutionStarted' ? { ...e, workflowType: 'ghostWorkflow' } : e));
    const file = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'vscode-ghost-type.json');
    fs.writeFileSync(file, historyFileText({ events: ghost }));
    // Sessions that start meanwhile (an earlier test's may still be ending: only new ones count).
    const started: vscode.DebugSession[] = [];
    const watch = vscode.debug.onDidStartDebugSession((s) => started.push(s));
    try {
      assert.equal(await vscode.commands.executeCommand<boolean>('rewind.replayHistoryFile', vscode.Uri.file(file)), false);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(
        started.map((s) => s.name),
        [],
        'no debug session started',
      );
    } finally {
      watch.dispose();
      fs.rmSync(file, { force: true });
    }
  });

  /** A copy of the order sample's workflows outside the workspace, where no worker runs it; removed by `done`. */
  function copiedOrderWorkflows(): { file: string; done: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-copied-order-'));
    fs.symlinkSync(path.join(process.env.REWIND_TEST_ROOT!, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const file = path.join(dir, 'workflows.ts');
    fs.copyFileSync(workflowsPath, file);
    return { file, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }

  it("Debug Replay takes a sub-folder's configuration (a repository of several projects)", async function () {
    const { runId } = await finishedOrder('vscode-subfolder-config');
    // The module it names is outside the workspace (no scan sees it), and no worker runs it.
    const copy = copiedOrderWorkflows();
    const sub = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'services', 'orders');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'rewind.config.json'), JSON.stringify({ workflowsPath: copy.file, taskQueue: 'orders' }));
    try {
      const node = await eventually(() => api.tree.nodeOf(runId), 'the order in the tree');
      assert.equal(await vscode.commands.executeCommand<boolean>('rewind.debugReplay', node), true);
      const session = await stopsOnEntryThenEnds('Replay vscode-subfolder-config');
      assert.equal(session.configuration.workflowsPath, copy.file, 'from services/orders/rewind.config.json');
    } finally {
      fs.rmSync(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'services'), { recursive: true, force: true });
      copy.done();
    }
  });

  it("Debug last run replays the newest run with the workspace's workflowsPath", async function () {
    await finishedOrder('vscode-debug-last-run');
    // A module no worker runs, so that the session's code is the configuration's.
    const copy = copiedOrderWorkflows();
    const config = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'rewind.config.json');
    fs.writeFileSync(config, JSON.stringify({ workflowsPath: copy.file, taskQueue: 'orders' }));
    try {
      const info = await vscode.commands.executeCommand<{ workflowId: string } | undefined>('rewind.debugLastRun', 'orderWorkflow');
      assert.equal(info?.workflowId, 'vscode-debug-last-run');
      const session = await stopsOnEntryThenEnds('Replay vscode-debug-last-run');
      assert.equal(session.configuration.workflowsPath, copy.file, 'from rewind.config.json');
    } finally {
      fs.rmSync(config, { force: true });
      copy.done();
    }
  });

  it('Debug last run takes the workflowsPath a rewind.config.ts computes (evaluated on the scan thread, as rewind dev does)', async function () {
    await finishedOrder('vscode-debug-ts-config');
    const copy = copiedOrderWorkflows();
    const config = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'rewind.config.ts');
    fs.writeFileSync(
      config,
      "import path from 'node:path';\n" +
        `const dir: string = ${JSON.stringify(path.dirname(copy.file))};\n` +
        "export default { workflowsPath: path.join(dir, 'workflows.ts'), taskQueue: 'orders' };\n",
    );
    try {
      const info = await vscode.commands.executeCommand<{ workflowId: string } | undefined>('rewind.debugLastRun', 'orderWorkflow');
      assert.equal(info?.workflowId, 'vscode-debug-ts-config');
      const session = await stopsOnEntryThenEnds('Replay vscode-debug-ts-config');
      assert.equal(session.configuration.workflowsPath, copy.file, 'from rewind.config.ts');
    } finally {
      fs.rmSync(config, { force: true });
      copy.done();
    }
  });

  it("Debug last run from a CodeLens replays with the lens's file, whatever the configuration names", async function () {
    await finishedOrder('vscode-debug-lens-file');
    const configured = copiedOrderWorkflows();
    const lens = copiedOrderWorkflows();
    const config = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'rewind.config.json');
    fs.writeFileSync(config, JSON.stringify({ workflowsPath: configured.file, taskQueue: 'orders' }));
    try {
      const info = await vscode.commands.executeCommand<{ workflowId: string } | undefined>(
        'rewind.debugLastRun',
        'orderWorkflow',
        lens.file,
      );
      assert.equal(info?.workflowId, 'vscode-debug-lens-file');
      const session = await stopsOnEntryThenEnds('Replay vscode-debug-lens-file');
      assert.equal(session.configuration.workflowsPath, lens.file, "the lens's file, not the configuration's");
    } finally {
      fs.rmSync(config, { force: true });
      configured.done();
      lens.done();
    }
  });

  it('Open in Node debugger runs the replay under js-debug, paused in the workflow code at the event with its locals', async function () {
    const { runId, events } = await finishedOrder('vscode-node-replay');
    const node = await eventually(() => api.tree.nodeOf(runId), 'the order in the tree');
    assert.equal(await vscode.commands.executeCommand<boolean>('rewind.debugReplay', node, { workflowsPath }), true);
    const rewind = await stopsOnEntry('Replay vscode-node-replay');
    const timer = events.find((e) => e.type === 'TimerStarted')!;
    await rewind.customRequest('goToEvent', { eventId: timer.eventId });
    const payment = events.find((e) => e.type === 'ActivityTaskCompleted')!;
    assert.ok(payment.type === 'ActivityTaskCompleted');
    const known = new Set(sent.keys());

    assert.equal(await vscode.commands.executeCommand<boolean>('rewind.openInNodeDebugger'), true);
    // js-debug runs a launcher session and a child session for the process: the child stops.
    const [nodeSession, stopped] = await eventually(
      () => {
        for (const [id, messages] of sent) {
          if (known.has(id)) continue;
          const stop = messages.find((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped');
          const session = stop ? [...nodeSessions].find((s) => s.id === id) : undefined;
          if (session && stop) return [session, stop as DebugProtocol.StoppedEvent] as const;
        }
        return undefined;
      },
      'the Node debugger to stop',
      45_000,
    );
    const trace = (await nodeSession.customRequest('stackTrace', {
      threadId: stopped.body.threadId,
    })) as DebugProtocol.StackTraceResponse['body'];
    const sleepLine =
      fs
        .readFileSync(workflowsPath, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('await sleep(')) + 1;
    const frame = trace.stackFrames.find((f) => f.name.includes('orderWorkflow'));
    assert.ok(
      frame,
      `the workflow function is on the stack: ${trace.stackFrames.map((f) => `${f.name} ${f.source?.path}:${f.line}`).join(' | ')}`,
    );
    // A remote host (VS Code's server) gives the file as a vscode-remote: URI.
    const file = frame.source?.path?.includes('://') ? vscode.Uri.parse(frame.source.path).path : frame.source?.path;
    assert.equal(file, workflowsPath, 'mapped to the .ts file through the inline source map');
    assert.equal(frame.line, sleepLine);
    const scopes = (await nodeSession.customRequest('scopes', { frameId: frame.id })) as DebugProtocol.ScopesResponse['body'];
    // The function's own scopes (js-debug names them "Local: orderWorkflow", "Block: …").
    const own = scopes.scopes.filter((sc) => /^(local|block)/i.test(sc.name));
    const variables: DebugProtocol.Variable[] = [];
    for (const sc of own) {
      const body = (await nodeSession.customRequest('variables', {
        variablesReference: sc.variablesReference,
      })) as DebugProtocol.VariablesResponse['body'];
      variables.push(...body.variables);
    }
    const value = (name: string) => variables.find((v) => v.name === name)?.value;
    assert.equal(value('orderId'), "'vscode-node-replay'");
    assert.equal(
      value('payment'),
      `'${payment.result as string}'`,
      JSON.stringify([scopes.scopes.map((sc) => sc.name), variables.map((v) => [v.name, v.value])]),
    );

    for (const s of [...nodeSessions]) await vscode.debug.stopDebugging(s).then(undefined, () => undefined);
    await end(rewind);
  });

  it("the run's history view follows the debugger (Step Over one workflow step a press, Step Back), and a row picked there moves it", async function () {
    const { runId, events } = await finishedOrder('vscode-follow');
    const node = await eventually(() => api.tree.nodeOf(runId), 'the order in the tree');
    assert.equal(await vscode.commands.executeCommand<boolean>('rewind.debugReplay', node, { workflowsPath }), true);
    const rewind = await stopsOnEntry('Replay vscode-follow');
    const panel = await eventually(() => api.historyPanels().find((p) => p.info.runId === runId), 'the history panel to open');
    await panel.whenRendered((r) => r.debugEventId === 1);

    // One Step Over press per workflow step: from the entry to the payment, from its result to the timer,
    // over the workflow task events between; the details pane shows each.
    const payment = events.find((e) => e.type === 'ActivityTaskScheduled')!;
    const paid = events.find((e) => e.type === 'ActivityTaskCompleted')!;
    const timer = events.find((e) => e.type === 'TimerStarted')!;
    assert.ok(events.slice(paid.eventId, timer.eventId - 1).every((e) => e.type.startsWith('WorkflowTask')));
    for (const at of [payment, paid, timer]) {
      await rewind.customRequest('next', { threadId: 1 });
      await panel.whenRendered((r) => r.debugEventId === at.eventId && r.detailsEventId === at.eventId);
    }
    // Step Back: the payment's result again, in the details pane too.
    await rewind.customRequest('stepBack', { threadId: 1 });
    await panel.whenRendered((r) => r.debugEventId === paid.eventId && r.detailsEventId === paid.eventId);
    const back = (await rewind.customRequest('stackTrace', { threadId: 1 })) as DebugProtocol.StackTraceResponse['body'];
    assert.match(back.stackFrames[0]!.name, new RegExp(`^ActivityTaskCompleted .*\\(event ${paid.eventId}\\)$`));
    // Step Back Out (the command): to the workflow task before (its WorkflowTaskStarted).
    assert.equal(await vscode.commands.executeCommand<boolean>('rewind.stepBackOut'), true);
    const task = events.filter((e) => e.type === 'WorkflowTaskStarted' && e.eventId < paid.eventId).pop()!;
    await panel.whenRendered((r) => r.debugEventId === task.eventId && r.detailsEventId === task.eventId);

    assert.equal(panel.goToEvent(timer.eventId), true);
    await panel.whenRendered((r) => r.debugEventId === timer.eventId);
    const trace = (await rewind.customRequest('stackTrace', { threadId: 1 })) as DebugProtocol.StackTraceResponse['body'];
    assert.match(trace.stackFrames[0]!.name, new RegExp(`^TimerStarted .*\\(event ${timer.eventId}\\)$`));

    await end(rewind);
    await panel.whenRendered((r) => r.debugEventId === null);
    assert.equal(panel.goToEvent(1), false, 'no session to move once it ended');
    panel.dispose();
  });

  it('Debug Replay finds the code of each run in the workspace by itself: an order and an approval, from two files', async function () {
    // A workspace of two projects and no configuration: the scan finds the file that exports each type.
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const root = process.env.REWIND_TEST_ROOT!;
    const files = { order: path.join(folder, 'apps/order/workflows.ts'), approval: path.join(folder, 'apps/approval/workflows.ts') };
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
    for (const [name, file] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.copyFileSync(path.join(root, `samples/${name}/workflows.ts`), file);
    }
    try {
      const order = await finishedOrder('vscode-find-order');
      const approval = await client.workflow.start('approvalWorkflow', {
        taskQueue: 'approvals',
        workflowId: 'vscode-find-approval',
        args: [{ id: 'R-1', amount: 10, requester: 'ada', approver: 'grace' }],
      });
      for (const [runId, name, file] of [
        [order.runId, 'Replay vscode-find-order', files.order],
        [approval.firstExecutionRunId, 'Replay vscode-find-approval', files.approval],
      ] as const) {
        const node = await eventually(() => api.tree.nodeOf(runId), `${name}'s run in the tree`);
        assert.equal(await vscode.commands.executeCommand<boolean>('rewind.debugReplay', node), true);
        const session = await stopsOnEntryThenEnds(name);
        assert.equal(session.configuration.workflowsPath, file);
      }
      await approval.terminate('done with it');
    } finally {
      fs.rmSync(path.join(folder, 'apps'), { recursive: true, force: true });
      fs.rmSync(path.join(folder, 'node_modules'), { force: true });
    }
  });

  it("Debug Replay of a Temporal project's run replays with its worker's workflow interceptor modules", async function () {
    this.timeout(180_000);
    // A Temporal project outside the workspace: its worker (Temporal's own, run from its source) bundles an
    // interceptor that sleeps before each workflow starts, so a replay without it is refused at that timer.
    const dir = interceptedTemporalProject();
    const worker = await startProjectWorker(dir);
    try {
      const handle = await client.workflow.start('delayedHello', { taskQueue: 'host-intercepted', workflowId: 'vscode-intercepted' });
      assert.equal(await handle.result(), 'hello');
      const node = await eventually(() => api.tree.nodeOf(handle.firstExecutionRunId), 'the run in the tree');
      const workflows = path.join(dir, 'src/workflows.ts');
      assert.equal(await vscode.commands.executeCommand<boolean>('rewind.debugReplay', node, { workflowsPath: workflows }), true);
      const session = await stopsOnEntry('Replay vscode-intercepted');
      assert.deepEqual(
        session.configuration.workflowInterceptorModules,
        [path.join(dir, 'src/delay.ts')],
        "from the project's Worker.create",
      );
      // Continue runs to the last event: the code with its interceptor matches the history all the way.
      await session.customRequest('continue', { threadId: 1 });
      const stops = await eventually(() => {
        const all = (sent.get(session.id) ?? []).filter(
          (m): m is DebugProtocol.StoppedEvent => (m as DebugProtocol.Event).event === 'stopped',
        );
        return all.length >= 2 ? all : undefined;
      }, 'the replay to stop after Continue');
      assert.equal(stops[1]!.body.reason, 'step', `stopped with ${stops[1]!.body.reason}: ${stops[1]!.body.description ?? ''}`);
      await end(session);
    } finally {
      worker.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A Temporal project (in a temp folder) whose Worker.create names a workflow interceptor module; its folder. */
function interceptedTemporalProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-intercepted-'));
  fs.symlinkSync(path.join(process.env.REWIND_TEST_ROOT!, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'intercepted', private: true, dependencies: { '@temporalio/worker': '1.24.0' } }),
    'src/workflows.ts': "export async function delayedHello(): Promise<string> {\n  return 'hello';\n}\n",
    'src/delay.ts': `import { sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        await sleep(1);
        return next(input);
      },
    },
  ],
});
`,
    'src/worker.ts': `import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: process.env.REWIND_ADDRESS });
  const worker = await Worker.create({
    connection,
    taskQueue: 'host-intercepted',
    workflowsPath: require.resolve('./workflows'),
    interceptors: { workflowModules: [require.resolve('./delay')] },
  });
  console.log('Intercepted worker running');
  await worker.run();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
`,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The project's own worker (Temporal's), run from its source with the tests' Node 20 (its native module's). */
function startProjectWorker(dir: string): Promise<ChildProcess> {
  const child = spawn(process.env.REWIND_TEST_NODE!, ['--import', 'tsx', path.join(dir, 'src/worker.ts')], {
    cwd: dir,
    env: { ...process.env, REWIND_ADDRESS: process.env.REWIND_TEST_ADDRESS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.includes('Intercepted worker running')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The project's worker exited (${code}):\n${out}`)));
  });
}
