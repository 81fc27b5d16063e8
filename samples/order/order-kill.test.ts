// The order sample's kill test: the server and the worker run as child processes and are killed with
// SIGKILL at the worst moments, then started again. The order workflow must finish as if nothing happened: every
// completed step recorded once, event ids without gaps, and the payment charged once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@rewind/sdk/client';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { eventually } from '../../devserver/test/helpers/server';
import { freePort, startOrderWorker, startServerProcess, type Child } from '../../devserver/test/helpers/processes';
import { tempDir } from '../../devserver/test/helpers/temp';

interface Setup {
  dir: string;
  db: string;
  port: number;
  address: string;
  journal: string;
  server: Child;
  worker: Child;
  client: Client;
  connection: Connection;
}

async function setup(workerEnv: NodeJS.ProcessEnv = {}): Promise<Setup> {
  const dir = tempDir('rewind-crash-');
  const db = path.join(dir, 'rewind.db');
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const journal = path.join(dir, 'journal.txt');
  const server = await startServerProcess(db, port);
  const worker = await startOrderWorker(address, { ORDER_JOURNAL: journal, ...workerEnv });
  const connection = await Connection.connect({ address, reconnectWait: 30_000 });
  return { dir, db, port, address, journal, server, worker, client: new Client({ connection }), connection };
}

async function teardown(s: Setup): Promise<void> {
  await s.connection.close();
  await s.worker.kill();
  await s.server.kill();
}

function journalLines(s: Setup): string[] {
  return fs.existsSync(s.journal) ? fs.readFileSync(s.journal, 'utf8').trim().split('\n') : [];
}

async function history(handle: WorkflowHandle): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events;
}

/** Waits until the history holds a completed activity of this type. */
function activityDone(handle: WorkflowHandle, activityType: string): Promise<true> {
  return eventually(
    async () => {
      const events = await history(handle);
      const scheduled = events.find((e) => e.type === 'ActivityTaskScheduled' && e.activityType === activityType);
      return scheduled && events.some((e) => e.type === 'ActivityTaskCompleted' && e.scheduledEventId === scheduled.eventId)
        ? true
        : undefined;
    },
    20_000,
    `${activityType} to complete`,
  );
}

function assertCleanHistory(events: HistoryEvent[]): void {
  assert.deepEqual(
    events.map((e) => e.eventId),
    events.map((_, i) => i + 1),
    'event ids have no gaps',
  );
  const completed = events
    .filter((e) => e.type === 'ActivityTaskCompleted')
    .map((e) => (e as { scheduledEventId: number }).scheduledEventId);
  assert.equal(new Set(completed).size, completed.length, 'each activity completed once');
  const scheduled = events
    .filter((e) => e.type === 'ActivityTaskScheduled')
    .map((e) => (e.type === 'ActivityTaskScheduled' ? e.activityType : ''));
  assert.deepEqual(scheduled, ['processPayment', 'updateInventory', 'sendEmail'], 'each step scheduled once');
  assert.equal(events.filter((e) => e.type === 'TimerFired').length, 1, 'the timer fired once');
  assert.equal(events[events.length - 1]!.type, 'WorkflowExecutionCompleted');
}

describe('crash: kill -9 the worker and the server', function () {
  this.timeout(90_000);

  it('the worker killed after the payment: the workflow resumes and the payment is not charged again', async function () {
    const s = await setup();
    try {
      const handle = await s.client.workflow.start('orderWorkflow', {
        taskQueue: 'orders',
        workflowId: 'crash-worker',
        args: ['A-1', '2 seconds'],
      });
      await activityDone(handle, 'processPayment');
      await s.worker.kill();
      s.worker = await startOrderWorker(s.address, { ORDER_JOURNAL: s.journal });
      assert.equal(await handle.result(), 'order A-1 confirmed (payment-A-1)');
      assertCleanHistory(await history(handle));
      assert.deepEqual(
        journalLines(s).filter((l) => l.startsWith('processPayment')),
        ['processPayment A-1 attempt=1 started', 'processPayment A-1 attempt=1 done'],
      );
    } finally {
      await teardown(s);
    }
  });

  it('the worker killed in the middle of an activity: the attempt is retried and recorded once', async function () {
    const s = await setup({ ORDER_ACTIVITY_DELAY_MS: '1500' });
    try {
      const handle = await s.client.workflow.start('orderWorkflow', {
        taskQueue: 'orders',
        workflowId: 'crash-mid-activity',
        args: ['B-2', '100 milliseconds'],
      });
      await eventually(
        () => (journalLines(s).includes('updateInventory B-2 attempt=1 started') ? true : undefined),
        20_000,
        'updateInventory to start',
      );
      await s.worker.kill();
      s.worker = await startOrderWorker(s.address, { ORDER_JOURNAL: s.journal, ORDER_ACTIVITY_DELAY_MS: '100' });
      assert.equal(await handle.result(), 'order B-2 confirmed (payment-B-2)');
      const events = await history(handle);
      assertCleanHistory(events);
      const inventory = events.find((e) => e.type === 'ActivityTaskScheduled' && e.activityType === 'updateInventory')!;
      const started = events.find((e) => e.type === 'ActivityTaskStarted' && e.scheduledEventId === inventory.eventId);
      assert.ok(started?.type === 'ActivityTaskStarted');
      assert.equal(started.attempt, 2, 'the second attempt completed');
      assert.match(started.lastFailure?.message ?? '', /went away/);
      const lines = journalLines(s);
      assert.ok(!lines.includes('updateInventory B-2 attempt=1 done'), 'the killed attempt never finished');
      assert.ok(lines.includes('updateInventory B-2 attempt=2 done'));
      assert.equal(lines.filter((l) => l.startsWith('processPayment')).length, 2, 'payment started and done once');
    } finally {
      await teardown(s);
    }
  });

  it('the server killed during the sleep: the timer survives the restart', async function () {
    const s = await setup();
    try {
      const handle = await s.client.workflow.start('orderWorkflow', {
        taskQueue: 'orders',
        workflowId: 'crash-server',
        args: ['C-3', '3 seconds'],
      });
      await activityDone(handle, 'processPayment');
      await eventually(
        async () => ((await history(handle)).some((e) => e.type === 'TimerStarted') ? true : undefined),
        10_000,
        'the timer to start',
      );
      await s.server.kill();
      s.server = await startServerProcess(s.db, s.port);
      assert.equal(await handle.result(), 'order C-3 confirmed (payment-C-3)');
      assertCleanHistory(await history(handle));
      assert.equal(journalLines(s).filter((l) => l.startsWith('processPayment')).length, 2);
    } finally {
      await teardown(s);
    }
  });

  it('both killed at once in the middle of an activity: both restart and the workflow finishes', async function () {
    const s = await setup({ ORDER_ACTIVITY_DELAY_MS: '1500' });
    try {
      const handle = await s.client.workflow.start('orderWorkflow', {
        taskQueue: 'orders',
        workflowId: 'crash-both',
        args: ['D-4', '1 second'],
      });
      await eventually(
        () => (journalLines(s).includes('processPayment D-4 attempt=1 started') ? true : undefined),
        20_000,
        'payment to start',
      );
      await Promise.all([s.server.kill(), s.worker.kill()]);
      s.server = await startServerProcess(s.db, s.port);
      s.worker = await startOrderWorker(s.address, { ORDER_JOURNAL: s.journal, ORDER_ACTIVITY_DELAY_MS: '100' });
      assert.equal(await handle.result(), 'order D-4 confirmed (payment-D-4)');
      assertCleanHistory(await history(handle));
    } finally {
      await teardown(s);
    }
  });
});
