// `rewind workflow describe`, as a subprocess, of runs that did not complete: a failed run's failure
// (message, type, the cause chain, and where: the activity and attempt, or the workflow task), in the
// table and in JSON; and why a timed out, terminated or cancelled run closed.
import assert from 'node:assert/strict';
import type { WorkflowDescription } from '@rewind/sdk/protocol';
import * as activities from '../fixtures/activities';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';
import { runCli, type CliRun } from './run-cli';

describe('rewind workflow describe says why a run did not complete', function () {
  this.timeout(60_000);
  let srv: TestServer;
  let stop: () => Promise<void>;
  let cli: (...args: string[]) => Promise<CliRun>;
  const ok = (run: CliRun): string => {
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  };
  const described = async (workflowId: string): Promise<{ table: string; json: WorkflowDescription }> => ({
    table: ok(await cli('workflow', 'describe', '-w', workflowId)),
    json: JSON.parse(ok(await cli('workflow', 'describe', '-w', workflowId, '-o', 'json'))) as WorkflowDescription,
  });

  before(async function () {
    srv = await startServer();
    stop = (await startWorker(srv.address, { taskQueue: 'why', activities })).stop;
    cli = (...args) => runCli(args, { REWIND_ADDRESS: srv.address, REWIND_NAMESPACE: '' });
  });
  after(async function () {
    await stop();
    await srv.close();
  });

  it('a run an activity failed: the chain, the activity and its last attempt, and the line that threw', async function () {
    // flaky fails every attempt; the retry policy allows 3.
    const execute = await cli(
      'workflow',
      'execute',
      '--type',
      'retrying',
      '-t',
      'why',
      '-w',
      'why-activity',
      '-i',
      '"k"',
      '-i',
      '10',
      '-i',
      '3',
    );
    assert.equal(execute.code, 1);
    const chain = 'activity flaky \\(attempt 3\\) failed: flaky failure 3 of 10 \\(ApplicationFailure Error\\)';
    assert.match(execute.stderr, new RegExp(`^Error: Workflow execution failed: ${chain}\\n$`));

    const { table, json } = await described('why-activity');
    assert.match(table, /^Status +FAILED$/m);
    assert.match(table, new RegExp(`^Failure +${chain}$`, 'm'));
    assert.match(table, /^Thrown At +flaky \(.*fixtures\/activities\.ts:\d+:\d+\)$/m);
    const why = json.closeReason!;
    assert.equal(why.failure.message, 'Activity task failed');
    assert.deepEqual(
      { type: why.failure.info.type, activityType: 'activityType' in why.failure.info ? why.failure.info.activityType : undefined },
      { type: 'activity', activityType: 'flaky' },
    );
    assert.equal(why.failure.cause?.message, 'flaky failure 3 of 10');
    assert.deepEqual(why.failure.cause?.info, { type: 'application', errorType: 'Error', nonRetryable: false });
    assert.deepEqual(why.site, { type: 'activity', activityId: '1', activityType: 'flaky', attempt: 3 });
  });

  it('a run whose code threw: the failure, its type, and the workflow task', async function () {
    assert.equal((await cli('workflow', 'execute', '--type', 'applicationFailure', '-t', 'why', '-w', 'why-code')).code, 1);
    const { table, json } = await described('why-code');
    const failed = (await srv.client.workflow.getHandle('why-code').fetchHistory()).events.at(-1)!;
    assert.equal(failed.type, 'WorkflowExecutionFailed');
    const completedAt = failed.type === 'WorkflowExecutionFailed' ? failed.workflowTaskCompletedEventId : 0;
    assert.match(
      table,
      new RegExp(
        `^Failure +the order is invalid \\(ApplicationFailure InvalidOrder\\), thrown by the workflow code \\(workflow task completed at event ${completedAt}\\)$`,
        'm',
      ),
    );
    assert.match(
      table,
      /^Thrown At +applicationFailure \(.*devserver\/test\/fixtures\/workflows\.ts:62:\d+\)$/m,
      'the line in the workflow source',
    );
    assert.equal(json.closeReason?.failure.message, 'the order is invalid');
    assert.deepEqual(json.closeReason?.site, { type: 'workflowTask', workflowTaskCompletedEventId: completedAt });
  });

  it('a run that timed out, was terminated or cancelled: which timeout, who ended it and why', async function () {
    assert.equal(
      (await cli('workflow', 'start', '--type', 'approval', '-t', 'why', '-w', 'why-run-timeout', '-i', '1', '--run-timeout', '100ms'))
        .code,
      0,
    );
    assert.match((await cli('workflow', 'result', '-w', 'why-run-timeout')).stderr, /^Error: Workflow execution timed out\n$/);
    const runTimeout = await described('why-run-timeout');
    assert.match(runTimeout.table, /^Close Reason +Workflow execution timed out: its run timeout \(100 ms\) passed\.$/m);
    assert.deepEqual(runTimeout.json.closeReason?.failure.info, { type: 'timeout', timeoutType: 'START_TO_CLOSE' });

    assert.equal(
      (await cli('workflow', 'start', '--type', 'approval', '-t', 'why', '-w', 'why-timeout', '-i', '1', '--execution-timeout', '150ms'))
        .code,
      0,
    );
    assert.equal((await cli('workflow', 'result', '-w', 'why-timeout')).code, 1);
    assert.match(
      (await described('why-timeout')).table,
      /^Close Reason +Workflow execution timed out: its execution timeout \(150 ms\) passed\.$/m,
    );

    assert.equal((await cli('workflow', 'start', '--type', 'approval', '-t', 'why', '-w', 'why-terminated', '-i', '1')).code, 0);
    assert.equal((await cli('workflow', 'terminate', '-w', 'why-terminated', '--reason', 'wrong customer')).code, 0);
    const terminated = await described('why-terminated');
    assert.match(terminated.table, /^Close Reason +wrong customer \(by rewind-cli@\d+\)$/m);
    assert.match(terminated.json.closeReason?.identity ?? '', /^rewind-cli@\d+$/);

    assert.equal((await cli('workflow', 'start', '--type', 'cleanupAfterCancel', '-t', 'why', '-w', 'why-cancelled')).code, 0);
    const handle = srv.client.workflow.getHandle('why-cancelled');
    await eventually(async () => ((await handle.describe()).raw.pendingTimers.length > 0 ? true : undefined));
    assert.equal((await cli('workflow', 'cancel', '-w', 'why-cancelled')).code, 0);
    assert.equal((await cli('workflow', 'result', '-w', 'why-cancelled')).code, 1);
    assert.match((await described('why-cancelled')).table, /^Close Reason +Workflow canceled \(by rewind-cli@\d+\)$/m);
  });

  it('a run that completed has no close reason', async function () {
    assert.equal((await cli('workflow', 'execute', '--type', 'order', '-t', 'why', '-w', 'why-not', '-i', '"o"', '-i', '"1 ms"')).code, 0);
    const { table, json } = await described('why-not');
    assert.doesNotMatch(table, /Failure|Close Reason/);
    assert.equal(json.closeReason, undefined);
  });
});
