// The alert-escalation sample on the time-skipping environment: fifteen-minute waits pass at once.
import assert from 'node:assert/strict';
import { TestWorkflowEnvironment } from '@rewind/sdk/testing';
import { DefaultLogger, Runtime, Worker } from '@rewind/sdk/worker';
import * as activities from './activities';
import { acknowledge, alertEscalation, state } from './workflows';

Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });

describe('sample: alert-escalation', function () {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let log: typeof console.log;

  before(async function () {
    log = console.log;
    console.log = () => undefined;
    env = await TestWorkflowEnvironment.createTimeSkipping();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'alerts',
      workflowsPath: require.resolve('./workflows'),
      activities,
    });
    running = worker.run();
  });
  after(async function () {
    worker.shutdown();
    await running;
    await env.teardown();
    console.log = log;
  });
  beforeEach(function () {
    activities.pages.length = 0;
  });

  it('pages everyone in turn, fifteen minutes apart, then the managers, when nobody acknowledges', async function () {
    const started = await env.currentTimeMs();
    const result = await env.client.workflow.execute(alertEscalation, {
      taskQueue: 'alerts',
      workflowId: 'disk-full',
      args: [{ id: 'disk-full', message: 'disk full' }, ['ana', 'bo', 'cy']],
    });
    assert.deepEqual(result, { round: 3, paged: ['ana', 'bo', 'cy'] });
    assert.deepEqual(activities.pages, [
      'ana: disk full',
      'bo: disk full',
      'cy: disk full',
      'managers: disk full (nobody of ana, bo, cy answered)',
    ]);
    assert.ok((await env.currentTimeMs()) - started >= 45 * 60 * 1000, 'three rounds of fifteen minutes passed');
    for (const round of [1, 2, 3]) {
      assert.equal(
        (await env.client.workflow.getHandle(`disk-full-round-${round}`).describe()).status.name,
        'COMPLETED',
        `round ${round} ran as a child`,
      );
    }
  });

  it('stops escalating once someone acknowledges', async function () {
    const handle = await env.client.workflow.start(alertEscalation, {
      taskQueue: 'alerts',
      workflowId: 'cpu-hot',
      args: [{ id: 'cpu-hot', message: 'cpu hot' }, ['ana', 'bo', 'cy']],
    });
    await env.sleep('20 minutes');
    assert.deepEqual(await handle.query(state), { round: 2, paged: ['ana', 'bo'] });
    await handle.signal(acknowledge, 'bo');
    assert.deepEqual(await handle.result(), { round: 2, paged: ['ana', 'bo'], acknowledgedBy: 'bo' });
    assert.deepEqual(activities.pages, ['ana: cpu hot', 'bo: cpu hot']);
  });
});
