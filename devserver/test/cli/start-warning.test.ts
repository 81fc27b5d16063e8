// The CLI, as a subprocess, starting what no worker runs: `workflow start` still starts it (exit 0) but
// says at once what the queue's workers have and the closest name; `execute` and `result` say on
// stderr what they wait for while they wait, and again when it changes.
import assert from 'node:assert/strict';
import * as activities from '../fixtures/activities';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';
import { runCli, startCli, type CliRun } from './run-cli';

describe('the CLI on a workflow no worker runs', function () {
  this.timeout(60_000);
  let srv: TestServer;
  const stops: Array<() => Promise<void>> = [];
  let cli: (...args: string[]) => Promise<CliRun>;
  const env = (): NodeJS.ProcessEnv => ({ REWIND_ADDRESS: srv.address, REWIND_NAMESPACE: '' });

  /** Waits until a worker polls the queue (its registration is asynchronous). */
  const registered = (taskQueue: string): Promise<true> =>
    eventually(async () => {
      const { pollers } = await srv.connection.call('taskQueue.describe', { namespace: 'default', taskQueue });
      return pollers.length > 0 || undefined;
    });

  /** The CLI running on, stdout and stderr apart (what it says while it waits goes to stderr only). */
  const running = (...args: string[]) => {
    const run = startCli(args, env());
    let stdout = '';
    let stderr = '';
    run.proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    run.proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    return { exited: run.exited, stdout: () => stdout, stderr: () => stderr };
  };

  before(async function () {
    srv = await startServer();
    stops.push((await startWorker(srv.address, { taskQueue: 'orders', activities })).stop);
    await registered('orders');
    cli = (...args) => runCli(args, env());
  });
  after(async function () {
    for (const stop of stops) await stop();
    await srv.close();
  });

  it('starts a mistyped workflow type, and says which types the workers have and which one was meant', async function () {
    const run = await cli('workflow', 'start', '--type', 'ordr', '-t', 'orders', '-w', 'typo-start');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Started workflow typo-start \(type ordr\), run [0-9a-f-]{36}\n$/);
    assert.match(
      run.stderr,
      /^Warning: No worker on task queue 'orders' has workflow type 'ordr'; the workers there have: order, [\w, ]*\bapproval\b[\w, ]* and \d+ more \(rewind task-queue describe -t orders lists them all\)\. Did you mean 'order'\? /,
    );
    assert.match(run.stderr, /rewind workflow terminate -w typo-start\n$/);
    assert.equal((await srv.client.workflow.getHandle('typo-start').describe()).status.name, 'RUNNING', 'it was started all the same');

    const asJson = await cli('workflow', 'start', '--type', 'ordr', '-t', 'orders', '-w', 'typo-json', '-o', 'json');
    assert.equal(asJson.code, 0, asJson.stderr);
    const started = JSON.parse(asJson.stdout) as { workflowId: string; warning: string };
    assert.equal(started.workflowId, 'typo-json');
    assert.match(started.warning, /has workflow type 'ordr'.*Did you mean 'order'\?$/);

    const correct = await cli('workflow', 'start', '--type', 'order', '-t', 'orders', '-w', 'no-typo', '-i', '"n-1"', '-i', '"1 ms"');
    assert.equal(correct.stderr, '', 'a start a worker runs says nothing more');
    for (const id of ['typo-start', 'typo-json']) await srv.client.workflow.getHandle(id).terminate();
  });

  it('names the task queue whose workers have the type, when the one given has none', async function () {
    const run = await cli('workflow', 'start', '--type', 'order', '-t', 'order', '-w', 'queue-typo');
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /^Warning: No worker is running on task queue 'order' \(namespace default\): start one\. Workers on task queue 'orders' have workflow type 'order': did you mean task queue 'orders'\?/,
    );
    await srv.client.workflow.getHandle('queue-typo').terminate();
  });

  it('result says on stderr what the workflow waits for while it waits', async function () {
    assert.equal((await cli('workflow', 'start', '--type', 'ordr', '-t', 'orders', '-w', 'typo-result')).code, 0);
    const result = running('workflow', 'result', '-w', 'typo-result');
    await eventually(() => (/Waiting: /.test(result.stderr()) ? true : undefined), 20_000, 'result to say why it waits');
    assert.match(
      result.stderr(),
      /^Waiting: No worker on task queue 'orders' has workflow type 'ordr'; the workers there have: .*\. Did you mean 'order'\?\n$/,
    );
    await srv.client.workflow.getHandle('typo-result').terminate('typed wrong');
    assert.equal(await result.exited, 1);
    assert.equal(result.stdout(), '', 'nothing of it on stdout');
    assert.match(result.stderr(), /Error: Workflow execution terminated: typed wrong\n$/);
  });

  it('execute says why the workflow waits, and again when that changes', async function () {
    // No worker on 'later' yet: the start says so. Then one comes whose code fails the workflow task.
    const execute = running('workflow', 'execute', '--type', 'buggy', '-t', 'later', '-w', 'waits-then-fails');
    await eventually(() => (/Warning: /.test(execute.stderr()) ? true : undefined), 20_000, 'the start warning');
    assert.match(execute.stderr(), /^Warning: No worker is running on task queue 'later' \(namespace default\): start one\./);
    stops.push((await startWorker(srv.address, { taskQueue: 'later', activities })).stop);
    await eventually(() => (/Waiting: /.test(execute.stderr()) ? true : undefined), 20_000, 'execute to say what changed');
    assert.match(
      execute.stderr(),
      /\nWaiting: its workflow task fails: Cannot read properties of undefined \(reading 'total'\) \(ApplicationFailure TypeError\)\. It is retried/,
    );
    await srv.client.workflow.getHandle('waits-then-fails').terminate('seen enough');
    assert.equal(await execute.exited, 1);
    assert.match(execute.stdout(), /^Started workflow waits-then-fails \(type buggy\), run [0-9a-f-]{36}\n$/);
    assert.match(execute.stderr(), /Error: Workflow execution terminated: seen enough\n$/);
    assert.equal(execute.stderr().match(/Waiting: its workflow task fails/g)?.length, 1, 'said once, not at every retry');
  });
});
