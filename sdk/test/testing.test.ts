// The testing environment: an in-process server, time skipping, and MockActivityEnvironment.
import assert from 'node:assert/strict';
import path from 'node:path';
import { CancelledFailure, Context } from '@rewind/sdk/activity';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@rewind/sdk/testing';
import { settleFallbacks } from '@rewind/sdk/internal/testing/settle-fallbacks';
import { Runtime, DefaultLogger, Worker } from '@rewind/sdk/worker';

Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

const workflowsPath = path.join(__dirname, 'fixtures/workflows.ts');
const activities = {
  async greet(name: string): Promise<string> {
    return `hello ${name}`;
  },
  async charge(amount: number): Promise<string> {
    return `charged ${amount}`;
  },
};
const DAY = 24 * 3600 * 1000;

describe('TestWorkflowEnvironment.createTimeSkipping', function () {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;

  before(async function () {
    env = await TestWorkflowEnvironment.createTimeSkipping();
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'skip', workflowsPath, activities });
    running = worker.run();
  });

  after(async function () {
    worker.shutdown();
    await running;
    await env.teardown();
  });

  it('runs a 30-day sleep while the test waits for its result', async function () {
    const before = await env.currentTimeMs();
    const slept = (await env.client.workflow.execute('longSleep', { taskQueue: 'skip', workflowId: 'sleep-30', args: [30] })) as number;
    assert.ok(slept >= 30 * DAY && slept < 30 * DAY + 60_000, `workflow time moved by the sleep (${slept} ms)`);
    assert.ok((await env.currentTimeMs()) - before >= 30 * DAY);
  });

  it('moves time by env.sleep, letting workflows react on the way', async function () {
    const approved = await env.client.workflow.start('approval', { taskQueue: 'skip', workflowId: 'approve-in-time' });
    await env.sleep('30 minutes');
    assert.equal(await approved.query('status'), 'waiting');
    await approved.signal('approve', true);
    assert.equal(await approved.result(), 'approved');

    const late = await env.client.workflow.start('approval', { taskQueue: 'skip', workflowId: 'approve-late' });
    await env.sleep('2 hours');
    assert.equal(await late.query('status'), 'timed out', 'the one-hour deadline passed during env.sleep');
    assert.equal(await late.result(), 'timed out');
  });

  it('skips time for env.sleep called from inside an activity (Temporal: activities do not hold time back)', async function () {
    // Room for the waits that run out (10 s each) to be counted, and the count to fail the test, if they happen.
    this.timeout(60_000);
    const compatWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'skip-in-activity',
      workflowsPath: path.join(__dirname, 'fixtures/compat-workflows.ts'),
      activities: { sleepsInTestEnv: () => env.sleep('2 hours') },
    });
    const before = await env.currentTimeMs();
    const fallbacksBefore = settleFallbacks(env);
    const result = await compatWorker.runUntil(
      env.client.workflow.execute('timerDuringActivity', { taskQueue: 'skip-in-activity', workflowId: 'sleep-in-activity' }),
    );
    assert.equal(result, 'the timer fired while the activity slept');
    assert.ok((await env.currentTimeMs()) - before >= 2 * 3600_000, 'the server time moved by two hours');
    // Each wait of env.sleep for the server to settle ended because it settled, none because it ran out
    // (waiting for the activity that called it would run out every time).
    assert.equal(settleFallbacks(env) - fallbacksBefore, 0, 'env.sleep gave up waiting for the server to settle');
  });

  it('says that it supports time skipping', function () {
    assert.equal(env.supportsTimeSkipping, true);
  });
});

describe('TestWorkflowEnvironment.createLocal', function () {
  it('runs workflows on a real clock', async function () {
    const env = await TestWorkflowEnvironment.createLocal();
    try {
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'local', workflowsPath, activities });
      const result = await worker.runUntil(env.client.workflow.execute('parallel', { taskQueue: 'local', workflowId: 'local-1' }));
      assert.deepEqual(result, ['hello a', 'hello b', 'hello c']);
      assert.equal(env.supportsTimeSkipping, false);
    } finally {
      await env.teardown();
    }
  });
});

describe('TestWorkflowEnvironment in a shell set up for another server', function () {
  const saved = { REWIND_NAMESPACE: process.env.REWIND_NAMESPACE, TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE };
  before(() => void (process.env.TEMPORAL_NAMESPACE = 'acme.a1b2c'));
  after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("runs a worker that names no namespace in the environment's namespace, not TEMPORAL_NAMESPACE's", async function () {
    for (const namespace of [undefined, 'team-a']) {
      const env = await TestWorkflowEnvironment.createLocal(namespace ? { namespace } : {});
      try {
        const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'shell', workflowsPath, activities });
        assert.equal(worker.options.namespace, namespace ?? 'default');
        const result = await worker.runUntil(env.client.workflow.execute('parallel', { taskQueue: 'shell', workflowId: 'shell-1' }));
        assert.deepEqual(result, ['hello a', 'hello b', 'hello c']);
      } finally {
        await env.teardown();
      }
    }
  });
});

describe('MockActivityEnvironment', function () {
  it('records heartbeats and passes the attempt', async function () {
    const env = new MockActivityEnvironment({ attempt: 3 });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const result = await env.run(async (n: number) => {
      for (let i = 1; i <= n; i++) Context.current().heartbeat({ done: i });
      return Context.current().info.attempt;
    }, 3);
    assert.equal(result, 3);
    assert.deepEqual(beats, [{ done: 1 }, { done: 2 }, { done: 3 }]);
  });

  it('cancels the activity', async function () {
    const env = new MockActivityEnvironment();
    const pending = env.run(async () => {
      await Context.current().sleep('1 hour');
      return 'finished';
    });
    env.cancel();
    await assert.rejects(pending, (err: unknown) => err instanceof CancelledFailure);
  });
});
