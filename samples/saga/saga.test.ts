// The saga sample on the time-skipping environment: a failed step undoes the ones before it, newest first.
import assert from 'node:assert/strict';
import { ApplicationFailure, WorkflowFailedError } from '@rewind/sdk/client';
import { TestWorkflowEnvironment } from '@rewind/sdk/testing';
import { DefaultLogger, Runtime, Worker } from '@rewind/sdk/worker';
import * as activities from './activities';
import { bookTrip } from './workflows';

Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });

describe('sample: saga', function () {
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
      taskQueue: 'trips',
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
    activities.ledger.length = 0;
  });

  it('books every step when all succeed', async function () {
    const booked = await env.client.workflow.execute(bookTrip, {
      taskQueue: 'trips',
      workflowId: 'trip-ok',
      args: [{ id: 't1', traveller: 'ana', destination: 'Lisbon' }],
    });
    assert.deepEqual(booked, ['car-t1', 'hotel-t1', 'flight-t1']);
    assert.equal(activities.ledger.filter((l) => l.includes('cancelled')).length, 0);
  });

  it('undoes the hotel, then the car, when the flight cannot be booked', async function () {
    const err = await env.client.workflow
      .execute(bookTrip, { taskQueue: 'trips', workflowId: 'trip-fail', args: [{ id: 't2', traveller: 'bo', destination: 'Atlantis' }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure, String(err));
    assert.equal(err.cause.type, 'TripNotBooked');
    assert.equal(err.cause.message, 'Trip t2 not booked (no flights to Atlantis); 2 step(s) undone');
    assert.deepEqual(activities.ledger, [
      'car reserved for bo',
      'hotel booked in Atlantis',
      'hotel cancelled: hotel-t2',
      'car cancelled: car-t2',
    ]);
  });
});
