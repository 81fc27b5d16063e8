// Temporal names that Temporal's programs use and Rewind lacked (issue 17): `log` in activities, and the
// values of ActivityCancellationType in workflows, through a real server, worker and bundle.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Context, log } from '@rewind/sdk/activity';
import { ActivityCancellationType, IllegalStateError } from '@rewind/sdk/common';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@rewind/sdk/testing';
import { Runtime, Worker, type Logger, type LogLevel, type LogMetadata } from '@rewind/sdk/worker';

interface Entry {
  level: LogLevel;
  message: string;
  meta: LogMetadata | undefined;
}

/** A logger that keeps its entries, installed as the process's worker logger. */
function installCapturingLogger(): Entry[] {
  const entries: Entry[] = [];
  const logger: Logger = {
    log: (level, message, meta) => entries.push({ level, message, meta }),
    trace: (message, meta) => logger.log('TRACE', message, meta),
    debug: (message, meta) => logger.log('DEBUG', message, meta),
    info: (message, meta) => logger.log('INFO', message, meta),
    warn: (message, meta) => logger.log('WARN', message, meta),
    error: (message, meta) => logger.log('ERROR', message, meta),
  };
  Runtime.install({ logger, shutdownSignals: [] });
  return entries;
}

const activities = {
  loggingGreet: async (name: string, cancellationType: string): Promise<string> => {
    log.info('greeting', { name, cancellationType });
    Context.current().log.debug('through the context');
    return `hello ${name} (${cancellationType})`;
  },
};

describe("log of @rewind/sdk/activity (Temporal's)", function () {
  it("writes to the worker's logger with the activity's attributes", async function () {
    const entries = installCapturingLogger();
    const env = new MockActivityEnvironment({ activityType: 'loggingGreet', attempt: 2 });
    assert.equal(await env.run(activities.loggingGreet, 'ada', 'TRY_CANCEL'), 'hello ada (TRY_CANCEL)');
    assert.deepEqual(
      entries.map((e) => [e.level, e.message]),
      [
        ['INFO', 'greeting'],
        ['DEBUG', 'through the context'],
      ],
    );
    assert.deepEqual(entries[0]!.meta, {
      sdkComponent: 'activity',
      isLocal: false,
      attempt: 2,
      namespace: 'test',
      taskToken: Buffer.from('test').toString('base64'),
      workflowId: 'test',
      workflowRunId: '00000000-0000-0000-0000-000000000000',
      workflowType: 'test',
      activityId: 'test',
      activityType: 'loggingGreet',
      taskQueue: 'test',
      name: 'ada',
      cancellationType: 'TRY_CANCEL',
    });
  });

  it('says it needs an activity when called outside one', function () {
    assert.throws(() => log.info('nowhere'), IllegalStateError);
  });
});

describe('Temporal programs with activity logs and ActivityCancellationType values, end to end', function () {
  this.timeout(30_000);

  it('bundles and runs a workflow using the values (both imports), whose logging activity succeeds', async function () {
    const entries = installCapturingLogger();
    const env = await TestWorkflowEnvironment.createLocal();
    try {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: 'temporal-names',
        workflowsPath: path.join(__dirname, 'fixtures/temporal-names-workflows.ts'),
        activities,
      });
      const result = await worker.runUntil(
        env.client.workflow.execute('usesCancellationTypes', { taskQueue: 'temporal-names', workflowId: 'names-1', args: ['ada'] }),
      );
      assert.deepEqual(result, [
        'hello ada (TRY_CANCEL)',
        'hello ada (WAIT_CANCELLATION_COMPLETED)',
        'hello ada (ABANDON)',
        'TRY_CANCEL',
        'WAIT_CANCELLATION_COMPLETED',
        'ABANDON',
      ]);
      const greetings = entries.filter((e) => e.message === 'greeting');
      assert.deepEqual(
        greetings.map((e) => [e.meta?.workflowId, e.meta?.activityType, e.meta?.cancellationType]),
        [
          ['names-1', 'loggingGreet', 'TRY_CANCEL'],
          ['names-1', 'loggingGreet', 'WAIT_CANCELLATION_COMPLETED'],
          ['names-1', 'loggingGreet', 'ABANDON'],
        ],
      );
    } finally {
      await env.teardown();
    }
  });

  it("has Temporal's values", async function () {
    const temporal = await import('@temporalio/common');
    assert.deepEqual({ ...ActivityCancellationType }, { ...temporal.ActivityCancellationType });
  });
});
