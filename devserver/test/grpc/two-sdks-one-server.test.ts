// Two SDKs, one server: a Rewind worker (Rewind's SDK, in this process) and a Temporal worker
// (@temporalio/worker, in a process of its own) serve task queues of one Rewind server at the same time;
// each dialect's client sees, signals and queries the other's runs, and starts workflows on the other's worker.
import assert from 'node:assert/strict';
import { Client as RewindClient, Connection as RewindConnection } from '@rewind/sdk/client';
import { temporal } from '../../src/grpc/proto';
import * as rewindActivities from '../fixtures/activities';
import type * as rewindWorkflows from '../fixtures/workflows';
import type * as temporalWorkflows from '../fixtures/temporal-steps/workflows';
import { eventually, startWorker } from '../helpers/server';
import { tempDir } from '../helpers/temp';
import { rewindEventType } from './temporal-event-types';
import { ofType } from './temporal-history-checks';
import { bundleSteps, startSteps, stopSteps, type StepsSetup } from './temporal-steps-setup';

const REWIND_QUEUE = 'rewind-q';
const TEMPORAL_QUEUE = 'temporal-q';

describe('a Rewind worker and a Temporal worker on one server', function () {
  this.timeout(120_000);
  let s: StepsSetup | undefined;
  let rewindConnection: RewindConnection | undefined;
  let stopRewindWorker: (() => Promise<void>) | undefined;
  let rewind: RewindClient;

  before(async function () {
    s = await startSteps(await bundleSteps(tempDir('rewind-temporal-bundle-')), TEMPORAL_QUEUE);
    stopRewindWorker = (await startWorker(s.address, { taskQueue: REWIND_QUEUE, activities: rewindActivities })).stop;
    rewindConnection = await RewindConnection.connect({ address: s.address });
    rewind = new RewindClient({ connection: rewindConnection });
  });

  after(async function () {
    await stopRewindWorker?.();
    await rewindConnection?.close();
    await stopSteps(s);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && s) process.stderr.write(`server:\n${s.server.output()}\nworker:\n${s.worker.output()}\n`);
  });

  const setup = (): StepsSetup => {
    if (!s) throw new Error('The server and workers start in the before hook.');
    return s;
  };

  it("serves both at once, and each client sees the other's runs (describe, list, history, result)", async function () {
    const { client: temporalClient } = setup();
    const ids = [1, 2, 3, 4];
    const [rewindResults, temporalResults] = await Promise.all([
      Promise.all(
        ids.map((i) =>
          rewind.workflow.execute<typeof rewindWorkflows.order>('order', {
            taskQueue: REWIND_QUEUE,
            workflowId: `both-rewind-${i}`,
            args: [`r-${i}`, '10 milliseconds'],
          }),
        ),
      ),
      Promise.all(
        ids.map((i) =>
          temporalClient.workflow.execute<typeof temporalWorkflows.steps>('steps', {
            taskQueue: TEMPORAL_QUEUE,
            workflowId: `both-temporal-${i}`,
            args: [`t-${i}`, 10],
          }),
        ),
      ),
    ]);
    assert.deepEqual(
      rewindResults,
      ids.map((i) => `charged 10; hello r-${i}`),
    );
    assert.deepEqual(
      temporalResults,
      ids.map((i) => `reserve:t-${i}, charge:t-${i}, ship:t-${i}`),
    );

    // Rewind's client on the Temporal worker's runs.
    const fromRewind = await rewind.workflow.getHandle('both-temporal-1').describe();
    assert.deepEqual(
      { type: fromRewind.type, queue: fromRewind.taskQueue, status: fromRewind.status.name },
      { type: 'steps', queue: TEMPORAL_QUEUE, status: 'COMPLETED' },
    );
    assert.equal(await rewind.workflow.getHandle('both-temporal-1').result(), 'reserve:t-1, charge:t-1, ship:t-1');
    const listedByRewind: string[] = [];
    for await (const run of rewind.workflow.list({ query: `TaskQueue = '${TEMPORAL_QUEUE}'` })) listedByRewind.push(run.workflowId);
    assert.deepEqual(
      listedByRewind.sort(),
      ids.map((i) => `both-temporal-${i}`),
    );

    // Temporal's client on the Rewind worker's runs.
    const handle = temporalClient.workflow.getHandle('both-rewind-1');
    const fromTemporal = await handle.describe();
    assert.deepEqual(
      { type: fromTemporal.type, queue: fromTemporal.taskQueue, status: fromTemporal.status.name },
      { type: 'order', queue: REWIND_QUEUE, status: 'COMPLETED' },
    );
    assert.equal(await handle.result(), 'charged 10; hello r-1');
    const listedByTemporal: string[] = [];
    for await (const run of temporalClient.workflow.list({ query: `TaskQueue = '${REWIND_QUEUE}'` })) listedByTemporal.push(run.workflowId);
    assert.deepEqual(
      listedByTemporal.sort(),
      ids.map((i) => `both-rewind-${i}`),
    );
    const rewindEvents = (await rewind.workflow.getHandle('both-rewind-1').fetchHistory()).events;
    assert.deepEqual(
      ((await handle.fetchHistory()).events ?? []).map((e) => [Number(e.eventId), rewindEventType(e.eventType)]),
      rewindEvents.map((e) => [e.eventId, e.type]),
      "Temporal's client reads the Rewind worker's history as Rewind's client does",
    );
  });

  it("starts, signals and queries workflows on the other dialect's worker", async function () {
    const { client: temporalClient } = setup();
    // Temporal's client, a workflow of Rewind's worker; Rewind's client, one of Temporal's worker.
    assert.equal(
      await temporalClient.workflow.execute<typeof rewindWorkflows.order>('order', {
        taskQueue: REWIND_QUEUE,
        workflowId: 'cross-order',
        args: ['x-1', '10 milliseconds'],
      }),
      'charged 10; hello x-1',
    );
    assert.equal(
      await rewind.workflow.execute<typeof temporalWorkflows.steps>('steps', {
        taskQueue: TEMPORAL_QUEUE,
        workflowId: 'cross-steps',
        args: ['Y-1', 10],
      }),
      'reserve:Y-1, charge:Y-1, ship:Y-1',
    );

    const onRewind = await temporalClient.workflow.start<typeof rewindWorkflows.approval>('approval', {
      taskQueue: REWIND_QUEUE,
      workflowId: 'cross-approval-rewind',
      args: [1],
    });
    const onTemporal = await rewind.workflow.start<typeof temporalWorkflows.approval>('approval', {
      taskQueue: TEMPORAL_QUEUE,
      workflowId: 'cross-approval-temporal',
      args: ['A-1'],
    });
    // Each waits for its signal once its first workflow task is done.
    await eventually(async () =>
      (await rewind.workflow.getHandle('cross-approval-rewind').describe()).historyLength >= 4 ? true : undefined,
    );
    await eventually(async () =>
      ofType(
        (await temporalClient.workflow.getHandle('cross-approval-temporal').fetchHistory()).events ?? [],
        temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      ).length > 0
        ? true
        : undefined,
    );
    assert.deepEqual(await onRewind.query<{ approvals: string[]; stage: string }>('progress'), { approvals: [], stage: 'waiting' });
    assert.equal(await onTemporal.query<string>('status'), 'waiting');

    await onRewind.signal('approve', 'ada');
    await onTemporal.signal('approve', 'bo');
    assert.equal(await rewind.workflow.getHandle('cross-approval-rewind').result(), 'approved by ada');
    assert.equal(await temporalClient.workflow.getHandle('cross-approval-temporal').result(), 'A-1 approved by bo');
  });
});
