// The `rewind` CLI as a subprocess against a real server and workers: every verb, table and JSON
// output, exit codes, and the errors a user gets for what they typed wrong.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';
import { runCli, startCli, type CliRun } from './run-cli';

const updatesPath = path.join(__dirname, '../fixtures/updates.ts');

describe('the rewind CLI', function () {
  this.timeout(60_000);
  let srv: TestServer;
  const stops: Array<() => Promise<void>> = [];
  let cli: (...args: string[]) => Promise<CliRun>;

  before(async function () {
    srv = await startServer();
    stops.push((await startWorker(srv.address, { taskQueue: 'cli', activities })).stop);
    stops.push((await startWorker(srv.address, { taskQueue: 'cli-updates', activities, workflowsPath: updatesPath })).stop);
    cli = (...args) => runCli(args, { REWIND_ADDRESS: srv.address, REWIND_NAMESPACE: '' });
  });
  after(async function () {
    for (const stop of stops) await stop();
    await srv.close();
  });

  /** A run that succeeded, its stdout parsed as JSON. */
  const json = (run: CliRun): unknown => {
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as unknown;
  };
  const failed = (run: CliRun, message: RegExp): void => {
    assert.equal(run.code, 1, `exit code (stdout: ${run.stdout})`);
    assert.match(run.stderr, message);
  };

  it('starts, queries, signals and waits for a workflow; describe, list, count and show see it', async function () {
    const started = await cli('workflow', 'start', '--type', 'approval', '-t', 'cli', '-w', 'cli-approval', '--input', '1');
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /^Started workflow cli-approval \(type approval\), run [0-9a-f-]{36}\n$/);

    const query = await cli('workflow', 'query', '-w', 'cli-approval', '--name', 'progress');
    assert.equal(query.stdout, 'Query result: {"approvals":[],"stage":"waiting"}\n');
    assert.deepEqual(json(await cli('workflow', 'query', '-w', 'cli-approval', '--name', 'progress', '-o', 'json')), {
      result: { approvals: [], stage: 'waiting' },
    });

    const described = await cli('workflow', 'describe', '-w', 'cli-approval');
    assert.match(described.stdout, /^Status +RUNNING$/m);
    assert.match(described.stdout, /^Pending timers\nTIMER ID +FIRES AT\n/m);
    assert.equal((json(await cli('workflow', 'describe', '-w', 'cli-approval', '-o', 'json')) as { status: string }).status, 'RUNNING');

    assert.equal((await cli('workflow', 'signal', '-w', 'cli-approval', '--name', 'approve', '--input', '"ada"')).code, 0);
    const result = await cli('workflow', 'result', '-w', 'cli-approval');
    assert.equal(result.stdout, 'Result: "approved by ada"\n');

    const listed = await cli('workflow', 'list', '--query', "WorkflowId = 'cli-approval'");
    const lines = listed.stdout.trim().split('\n');
    assert.match(lines[0]!, /^STATUS +WORKFLOW ID +TYPE +START TIME +CLOSE TIME +RUN ID$/);
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^COMPLETED +cli-approval +approval /);
    const rows = json(await cli('workflow', 'list', '-q', "WorkflowType = 'approval' AND ExecutionStatus = 'Completed'", '-o', 'json'));
    assert.deepEqual(
      (rows as { workflowId: string }[]).map((r) => r.workflowId),
      ['cli-approval'],
    );
    assert.equal((await cli('workflow', 'count', '-q', "WorkflowType = 'approval'")).stdout, 'Total: 1\n');
    assert.deepEqual(json(await cli('workflow', 'count', '-q', "WorkflowType = 'nothing'", '-o', 'json')), { count: 0 });

    const shown = await cli('workflow', 'show', '-w', 'cli-approval');
    assert.match(shown.stdout, /^ID +TIME +TYPE +DETAILS\n1 +\S+ +WorkflowExecutionStarted +\{"workflowType":"approval"/);
    assert.match(shown.stdout, /WorkflowExecutionSignaled +\{"signalName":"approve","input":\["ada"\]/);
    // The JSON history is what Worker.runReplayHistory (and the debugger) load.
    const history = json(await cli('workflow', 'show', '-w', 'cli-approval', '-o', 'json')) as Parameters<
      typeof Worker.runReplayHistory
    >[1];
    await Worker.runReplayHistory({ workflowsPath: path.join(__dirname, '../fixtures/workflows.ts') }, history);
  });

  it('follows a history as it grows (show --follow), and ends when the run closes', async function () {
    assert.equal((await cli('workflow', 'start', '--type', 'approval', '-t', 'cli', '-w', 'cli-follow', '-i', '2')).code, 0);
    const env = { REWIND_ADDRESS: srv.address };
    const table = startCli(['workflow', 'show', '-w', 'cli-follow', '--follow'], env);
    const lines = startCli(['workflow', 'show', '-w', 'cli-follow', '--follow', '-o', 'json'], env);
    await eventually(() => (/TimerStarted/.test(table.output()) && /TimerStarted/.test(lines.output()) ? true : undefined));
    assert.match(table.output(), /^ID +TIME +TYPE +DETAILS\n1 +\S+ +WorkflowExecutionStarted /);
    const handle = srv.client.workflow.getHandle('cli-follow');
    await handle.signal('approve', 'ada');
    await eventually(() =>
      /WorkflowExecutionSignaled +\{"signalName":"approve","input":\["ada"\]/.test(table.output()) ? true : undefined,
    );
    await handle.signal('approve', 'bo');
    assert.equal(await table.exited, 0);
    assert.equal(await lines.exited, 0);
    assert.match(table.output(), /WorkflowExecutionCompleted +\{"result":"approved by ada, bo"/);
    // JSON: one event per line, every event once, in order: the history as stored.
    const followed = lines
      .output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { eventId: number; type: string });
    const stored = (await handle.fetchHistory()).events;
    assert.deepEqual(
      followed.map((e) => [e.eventId, e.type]),
      stored.map((e) => [e.eventId, e.type]),
    );
    assert.equal(srv.server.service.watches.size, 0, 'the server forgot the watches');
  });

  it('executes a workflow and prints its result, or its failure with exit code 1', async function () {
    const ok = await cli('workflow', 'execute', '--type', 'order', '-t', 'cli', '-w', 'cli-order', '-i', '"o-7"', '-i', '"1 ms"');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^Started workflow cli-order \(type order\), run .+\nResult: "charged 10; hello o-7"\n$/);
    const asJson = json(
      await cli('workflow', 'execute', '--type', 'order', '-t', 'cli', '-w', 'cli-order-2', '-i', '"o-8"', '-i', '"1 ms"', '-o', 'json'),
    );
    assert.deepEqual(
      { ...(asJson as object), runId: undefined },
      {
        workflowId: 'cli-order-2',
        runId: undefined,
        type: 'order',
        namespace: 'default',
        status: 'COMPLETED',
        result: 'charged 10; hello o-8',
      },
    );
    const bad = await cli('workflow', 'execute', '--type', 'applicationFailure', '-t', 'cli', '-w', 'cli-fails');
    failed(bad, /Workflow execution failed: the order is invalid \(ApplicationFailure InvalidOrder\)/);
    failed(await cli('workflow', 'result', '-w', 'cli-fails'), /the order is invalid/);
  });

  it('sends updates: the result, or the validator’s refusal with exit code 1', async function () {
    assert.equal((await cli('workflow', 'start', '--type', 'counter', '-t', 'cli-updates', '-w', 'cli-counter')).code, 0);
    const added = await cli('workflow', 'update', '-w', 'cli-counter', '--name', 'add', '--input', '5');
    assert.equal(added.stdout, 'Update result: 5\n', added.stderr);
    failed(await cli('workflow', 'update', '-w', 'cli-counter', '--name', 'add', '--input=-1'), /add takes a positive number, got -1/);
    assert.deepEqual(
      json(await cli('workflow', 'update', '-w', 'cli-counter', '--name', 'add', '-i', '2', '--update-id', 'u-1', '-o', 'json')),
      {
        result: 7,
      },
    );
    // The same update id again: the same answer, not a second addition.
    assert.deepEqual(
      json(await cli('workflow', 'update', '-w', 'cli-counter', '--name', 'add', '-i', '2', '--update-id', 'u-1', '-o', 'json')),
      {
        result: 7,
      },
    );
    assert.equal((await cli('workflow', 'terminate', '-w', 'cli-counter', '--reason', 'done testing')).stdout, 'Terminated cli-counter\n');
    assert.match((await cli('workflow', 'describe', '-w', 'cli-counter')).stdout, /^Status +TERMINATED$/m);
  });

  it('shows where open workflows wait, at their source lines (workflow stack)', async function () {
    assert.equal(
      (await cli('workflow', 'start', '--type', 'approval', '-t', 'cli', '-w', 'cli-stack', '-i', '1', '-i', '"2 hours"')).code,
      0,
    );
    await eventually(async () =>
      (await srv.client.workflow.getHandle('cli-stack').describe()).raw.pendingTimers.length > 0 ? true : undefined,
    );
    const one = await cli('workflow', 'stack', '-w', 'cli-stack');
    assert.equal(one.code, 0, one.stderr);
    const source = fs.readFileSync(path.join(__dirname, '../fixtures/workflows.ts'), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes('await condition(')) + 1;
    assert.match(
      one.stdout,
      new RegExp(
        `^cli-stack\n  waiting on timer \\(2 h\\) at .*fixtures/workflows\\.ts:${line}:\\d+\n  waiting on condition at .*fixtures/workflows\\.ts:${line}:\\d+\n$`,
      ),
    );
    const all = json(await cli('workflow', 'stack', '-o', 'json')) as { workflowId: string; stack: string }[];
    assert.ok(all.some((r) => r.workflowId === 'cli-stack' && /waiting on condition/.test(r.stack)));
    await srv.client.workflow.getHandle('cli-stack').terminate();
  });

  it('resets a workflow to a workflow task, and says which events it can reset to', async function () {
    assert.equal(
      (await cli('workflow', 'execute', '--type', 'order', '-t', 'cli', '-w', 'cli-reset', '-i', '"r-1"', '-i', '"1 ms"')).code,
      0,
    );
    const reset = await cli('workflow', 'reset', '-w', 'cli-reset', '--type', 'LastWorkflowTask', '--reason', 'try again');
    assert.match(reset.stdout, /^Reset cli-reset: new run [0-9a-f-]{36}\n$/, reset.stderr);
    const newRun = /new run (\S+)/.exec(reset.stdout)![1]!;
    assert.equal((await cli('workflow', 'result', '-w', 'cli-reset')).stdout, 'Result: "charged 10; hello r-1"\n');
    assert.equal((json(await cli('workflow', 'describe', '-w', 'cli-reset', '-o', 'json')) as { runId: string }).runId, newRun);
    failed(
      await cli('workflow', 'reset', '-w', 'cli-reset', '--event-id', '1'),
      /Event 1 is WorkflowExecutionStarted; reset to a WorkflowTaskCompleted event: 4, /,
    );
    failed(await cli('workflow', 'reset', '-w', 'cli-reset'), /exactly one of --event-id or --type/);
    failed(await cli('workflow', 'reset', '-w', 'cli-reset', '--type', 'Middle'), /--type must be FirstWorkflowTask or LastWorkflowTask/);
  });

  it('deletes a run and its history, terminating it first if it runs', async function () {
    assert.equal((await cli('workflow', 'start', '--type', 'approval', '-t', 'cli', '-w', 'cli-delete', '-i', '2')).code, 0);
    const waiting = srv.client.workflow
      .getHandle('cli-delete')
      .result()
      .then(
        () => 'completed',
        (err: Error) => err.message,
      );
    assert.match((await cli('workflow', 'delete', '-w', 'cli-delete')).stdout, /^Deleted run [0-9a-f-]{36} of cli-delete\n$/);
    assert.match(await waiting, /terminated/i);
    failed(await cli('workflow', 'describe', '-w', 'cli-delete'), /Workflow cli-delete not found/);
    failed(await cli('workflow', 'show', '-w', 'cli-delete'), /not found/);
    assert.equal((await cli('workflow', 'count', '-q', "WorkflowId = 'cli-delete'")).stdout, 'Total: 0\n');
    // The id is free again.
    assert.equal((await cli('workflow', 'start', '--type', 'approval', '-t', 'cli', '-w', 'cli-delete', '-i', '0')).code, 0);
    assert.equal((await cli('workflow', 'result', '-w', 'cli-delete')).stdout, 'Result: "approved by nobody"\n');
  });

  it('cancels a workflow, which runs its cleanup', async function () {
    assert.equal((await cli('workflow', 'start', '--type', 'cleanupAfterCancel', '-t', 'cli', '-w', 'cli-cancel')).code, 0);
    await eventually(async () =>
      (await srv.client.workflow.getHandle('cli-cancel').describe()).raw.pendingTimers.length > 0 ? true : undefined,
    );
    assert.equal((await cli('workflow', 'cancel', '-w', 'cli-cancel')).stdout, 'Cancellation requested for cli-cancel\n');
    const result = await cli('workflow', 'result', '-w', 'cli-cancel', '-o', 'json');
    failed(result, /Workflow execution cancelled/);
    assert.equal((JSON.parse(result.stdout) as { status: string }).status, 'FAILED');
    assert.match((await cli('workflow', 'describe', '-w', 'cli-cancel')).stdout, /^Status +CANCELLED$/m);
    const events = (json(await cli('workflow', 'show', '-w', 'cli-cancel', '-o', 'json')) as { events: { type: string }[] }).events;
    assert.ok(
      events.some((e) => e.type === 'ActivityTaskCompleted'),
      'the cleanup activity ran',
    );
  });

  it('manages namespaces and schedules', async function () {
    assert.equal(
      (await cli('namespace', 'create', '-n', 'cli-team', '--description', 'for the CLI test')).stdout,
      'Namespace cli-team created\n',
    );
    assert.match((await cli('namespace', 'list')).stdout, /^cli-team +\S+ +for the CLI test$/m);
    assert.equal((json(await cli('namespace', 'describe', '-n', 'cli-team', '-o', 'json')) as { name: string }).name, 'cli-team');
    failed(await cli('namespace', 'describe', '-n', 'no-such-namespace'), /no-such-namespace/);

    const created = await cli(
      'schedule',
      'create',
      '-s',
      'cli-nightly',
      '--cron',
      '0 3 * * *',
      '--type',
      'order',
      '-t',
      'cli',
      '-i',
      '"s-1"',
      '-i',
      '"1 ms"',
    );
    assert.equal(created.stdout, 'Schedule cli-nightly created\n', created.stderr);
    assert.match((await cli('schedule', 'list')).stdout, /^cli-nightly +cron 0 3 \* \* \* +order +no +\S+T03:00:00\.000Z$/m);
    assert.equal((await cli('schedule', 'trigger', '-s', 'cli-nightly')).code, 0);
    await eventually(async () =>
      (await srv.client.schedule.getHandle('cli-nightly').describe()).info.recentActions.length === 1 ? true : undefined,
    );
    assert.match((await cli('schedule', 'describe', '-s', 'cli-nightly')).stdout, /^Actions Taken +1$/m);
    assert.equal(
      (await cli('schedule', 'toggle', '-s', 'cli-nightly', '--pause', '--reason', 'maintenance')).stdout,
      'Schedule cli-nightly paused\n',
    );
    const described = json(await cli('schedule', 'describe', '-s', 'cli-nightly', '-o', 'json')) as {
      state: { paused: boolean; note: string };
    };
    assert.deepEqual(described.state, { paused: true, note: 'maintenance' });
    failed(await cli('schedule', 'toggle', '-s', 'cli-nightly'), /exactly one of --pause or --unpause/);
    assert.equal((await cli('schedule', 'delete', '-s', 'cli-nightly')).code, 0);
    failed(await cli('schedule', 'describe', '-s', 'cli-nightly'), /cli-nightly/);
    failed(await cli('schedule', 'create', '-s', 'bad', '--cron', '0 25 * * *', '--type', 'order', '-t', 'cli'), /hour.*0-23/);
  });

  it('describes a task queue: its workers and backlog', async function () {
    const table = await cli('task-queue', 'describe', '-t', 'cli');
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^IDENTITY +BUILD +WORKFLOWS +ACTIVITIES +LAST POLL$/m);
    assert.match(table.stdout, /approval, .*order/);
    assert.match(table.stdout, /^Backlog: 0 workflow task\(s\), 0 activity task\(s\) waiting$/m);
    const d = json(await cli('task-queue', 'describe', '-t', 'cli-updates', '-o', 'json')) as {
      pollers: { workflowTypes: string[]; buildId: string }[];
    };
    assert.equal(d.pollers.length, 1);
    assert.ok(d.pollers[0]!.workflowTypes.includes('counter'));
    assert.match(d.pollers[0]!.buildId, /^[0-9a-f]{12}$/);
    assert.deepEqual((json(await cli('task-queue', 'describe', '-t', 'nobody-here', '-o', 'json')) as { pollers: unknown[] }).pollers, []);
  });

  it('lists the task queues that workers poll, with their types', async function () {
    const table = await cli('task-queue', 'list');
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^TASK QUEUE +WORKERS +WORKFLOWS +ACTIVITIES$/m);
    assert.match(table.stdout, /^cli +1 +.*approval, .*order.* greet/m);
    assert.match(table.stdout, /^cli-updates +1 +.*counter/m);
    const queues = json(await cli('task-queue', 'list', '-o', 'json')) as { name: string; workflowTypes: string[] }[];
    assert.deepEqual(
      queues.map((q) => q.name),
      ['cli', 'cli-updates'],
    );
    failed(await cli('task-queue', 'list', '-n', 'nope'), /Namespace nope not found/);
  });

  it('says what is wrong with what was typed, on stderr with exit code 1, and prints nothing else', async function () {
    const malformed = await cli('workflow', 'list', '--query', "WorkflowType = 'order' AND ExecutionStatus ~ 3");
    failed(malformed, /unexpected character '~' at position 44/);
    assert.match(malformed.stderr, /\n  WorkflowType = 'order' AND ExecutionStatus ~ 3\n {45}\^\n/);
    assert.equal(malformed.stdout, '');
    failed(await cli('workflow', 'start', '--type', 'order', '-t', 'cli', '--input', '{bad'), /--input is not valid JSON/);
    failed(await cli('workflow', 'start', '--type', 'order'), /Missing --task-queue/);
    failed(await cli('workflow', 'start', '--type', 'order', '-t', 'cli', '--colour', 'red'), /Unknown flag --colour/);
    failed(await cli('workflow', 'describe', '-w', 'no-such-workflow'), /no-such-workflow/);
    failed(await cli('workflow', 'signal', '-w', 'cli-order', '--name', 'approve'), /already completed/);
    failed(await cli('workflow', 'list', '-o', 'yaml'), /--output must be table or json/);
    failed(await cli('workflow', 'frobnicate'), /Error: unknown command: rewind workflow frobnicate/);
    const noServer = await runCli(['workflow', 'list', '--address', '127.0.0.1:1']);
    failed(noServer, /Cannot connect to the Rewind server at 127\.0\.0\.1:1/);
    assert.equal(noServer.stderr.match(/ECONNREFUSED/g)?.length, 1, `the cause is said once: ${noServer.stderr}`);
  });

  it('has --help on every verb, and lists the verbs of a group', async function () {
    const group = await cli('workflow');
    assert.equal(group.code, 0);
    for (const verb of [
      'list',
      'count',
      'describe',
      'show',
      'start',
      'execute',
      'result',
      'signal',
      'query',
      'update',
      'cancel',
      'terminate',
      'reset',
      'delete',
      'stack',
    ]) {
      assert.match(group.stdout, new RegExp(`^  workflow ${verb} `, 'm'));
      const help = await cli('workflow', verb, '--help');
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^rewind workflow ${verb} — `));
      assert.match(help.stdout, /--address <value>/);
    }
    for (const words of [
      ['namespace', 'list'],
      ['namespace', 'create'],
      ['namespace', 'describe'],
      ['schedule', 'create'],
      ['schedule', 'list'],
      ['schedule', 'describe'],
      ['schedule', 'toggle'],
      ['schedule', 'trigger'],
      ['schedule', 'delete'],
      ['task-queue', 'list'],
      ['task-queue', 'describe'],
      ['server', 'start'],
    ]) {
      const help = await cli(...words, '--help');
      assert.equal(help.code, 0, words.join(' '));
      assert.match(help.stdout, new RegExp(`^rewind ${words.join(' ')} — `));
    }
    // The server's one port serves both dialects.
    const serverHelp = await cli('server', 'start', '--help');
    assert.match(
      serverHelp.stdout,
      /^rewind server start — start the Rewind server \(SQLite event log; Rewind's protocol and Temporal's gRPC API on one port\)/,
    );
  });
});
