// The extension's connection following a run's history (`workflow.watch`) on a real server and worker:
// the events so far, each new one pushed in order, across a server restart (watched again from the
// first event not seen), the end of the run, and the errors a watch can meet.
import assert from 'node:assert/strict';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import * as activities from '../../devserver/test/fixtures/activities';
import { RewindServer } from '../../devserver/src/server';
import { silentLogger } from '../../devserver/src/service/logger';
import { startServer, startWorker, type TestServer } from '../../devserver/test/helpers/server';
import { ServerConnection } from '../src/connection/server-connection';

/** What a watch listener got, with promises for what a test waits on (no sleeps). */
class Collector {
  events: HistoryEvent[] = [];
  closed = false;
  error: Error | undefined;
  /** The `replacedFrom` of each delivery that had one. */
  replaced: number[] = [];
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  readonly listener = {
    onEvents: (events: HistoryEvent[], closed: boolean, replacedFrom?: number) => {
      if (replacedFrom !== undefined) {
        this.replaced.push(replacedFrom);
        this.events = this.events.filter((e) => e.eventId < replacedFrom);
      }
      this.events.push(...events);
      this.closed ||= closed;
      this.check();
    },
    onError: (err: Error) => {
      this.error = err;
      this.check();
    },
  };

  /** Resolves once `test` holds; fails after `ms` saying what it waited for and what came (so a hang names its step). */
  until(test: () => boolean, what = 'the events', ms = 20_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Waited ${ms} ms for ${what}; got ${this.events.map((e) => `${e.eventId} ${e.type}`).join(', ')}`)),
        ms,
      );
      this.waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  has(type: HistoryEvent['type'], count = 1): boolean {
    return this.events.filter((e) => e.type === type).length >= count;
  }

  private check(): void {
    const ready = this.waiters.filter((w) => w.test());
    this.waiters = this.waiters.filter((w) => !w.test());
    for (const w of ready) w.resolve();
  }
}

/** A connection and a way to wait until it has connected `n` times (counted, so no (re)connection is missed). */
function connect(address: string): { connection: ServerConnection; connections: () => number; connected: (n: number) => Promise<void> } {
  let count = 0;
  let waiters: { n: number; resolve: () => void }[] = [];
  const connection = new ServerConnection(address, 'default', {
    onState: () => undefined,
    onConnected: () => {
      count++;
      for (const w of waiters.filter((w) => count >= w.n)) w.resolve();
      waiters = waiters.filter((w) => count < w.n);
    },
    onExecutionsChanged: () => undefined,
  });
  connection.start();
  return {
    connection,
    connections: () => count,
    connected: (n) =>
      count >= n
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`Waited 20 s for connection number ${n}; ${count} so far`)), 20_000);
            waiters.push({
              n,
              resolve: () => {
                clearTimeout(timer);
                resolve();
              },
            });
          }),
  };
}

describe('history watch through the extension connection', function () {
  const taskQueue = 'history-watch';
  let srv: TestServer;
  let worker: Awaited<ReturnType<typeof startWorker>>;

  beforeEach(async function () {
    srv = await startServer();
    worker = await startWorker(srv.address, { taskQueue, activities });
  });
  afterEach(async function () {
    await worker?.stop();
    await srv?.close();
  });

  it('gives the events so far, then each new one in order, across a server restart, until the run closes', async function () {
    this.timeout(60_000); // A restart may cost a task timeout (2 s) and reconnection backoff on a busy machine.
    const { connection, connections, connected } = connect(srv.address);
    await connected(1);
    // A task in flight when the server dies is handed out again after the task timeout (at-least-once):
    // short here, so that such a restart costs the test 2 s, not 10.
    const handle = await srv.client.workflow.start('approval', {
      taskQueue,
      workflowId: 'watched',
      args: [2],
      workflowTaskTimeout: '2 seconds',
    });
    const runId = (await handle.describe()).runId;
    const seen = new Collector();
    connection.watchHistory({ namespace: 'default', workflowId: 'watched', runId }, 1, seen.listener);
    await seen.until(() => seen.has('TimerStarted'));

    await handle.signal('approve', 'ada');
    await seen.until(() => seen.has('WorkflowExecutionSignaled'));

    // The server goes away and comes back on the same port and database: the watch is made again.
    const { port } = srv.server;
    const dbPath = srv.dbPath;
    const before = connections();
    await srv.close();
    const again = await RewindServer.start({ db: dbPath, port, log: silentLogger, leaseGraceMs: 1000 });
    try {
      await connected(before + 1);
      const client = (await startServerClient(again.address)).client;
      await client.workflow.getHandle('watched').signal('approve', 'bo');
      await seen.until(() => seen.closed, 'the run to close after the restart');
      assert.equal(await client.workflow.getHandle('watched').result(), 'approved by ada, bo');
      const history = (await client.workflow.getHandle('watched').fetchHistory()).events;
      assert.deepEqual(seen.events, history, 'every event once, in order, none missing');
      assert.equal(seen.events.at(-1)!.type, 'WorkflowExecutionCompleted');
      assert.equal(seen.error, undefined);
      await client.connection.close();
    } finally {
      connection.dispose();
      await worker.stop();
      await again.close();
      srv = await startServer(); // for afterEach
      worker = await startWorker(srv.address, { taskQueue, activities });
    }
  });

  it('a closed run: all of its events from the given one, closed at once', async function () {
    const handle = await srv.client.workflow.start('order', { taskQueue, workflowId: 'done', args: ['o', '1 millisecond'] });
    await handle.result();
    const { connection, connected } = connect(srv.address);
    await connected(1);
    const seen = new Collector();
    connection.watchHistory({ namespace: 'default', workflowId: 'done', runId: handle.firstExecutionRunId }, 3, seen.listener);
    await seen.until(() => seen.closed);
    const history = (await handle.fetchHistory()).events;
    assert.deepEqual(seen.events, history.slice(2));
    connection.dispose();
  });

  it('watches made before the connection is up go out once it is; a run that does not exist is an error', async function () {
    const handle = await srv.client.workflow.start('approval', { taskQueue, workflowId: 'early', args: [1] });
    const runId = (await handle.describe()).runId;
    const { connection, connected } = connect(srv.address);
    const seen = new Collector();
    connection.watchHistory({ namespace: 'default', workflowId: 'early', runId }, 1, seen.listener);
    const missing = new Collector();
    connection.watchHistory({ namespace: 'default', workflowId: 'no-such-workflow', runId: 'no-such-run' }, 1, missing.listener);
    await connected(1);
    await seen.until(() => seen.has('WorkflowExecutionStarted'));
    await missing.until(() => missing.error !== undefined);
    assert.match(missing.error!.message, /no-such/);

    const stopped = new Collector();
    const watch = connection.watchHistory({ namespace: 'default', workflowId: 'early', runId }, 1, stopped.listener);
    await stopped.until(() => stopped.has('WorkflowExecutionStarted'));
    const before = stopped.events.length;
    watch.dispose();
    await handle.signal('approve', 'ada');
    await seen.until(() => seen.closed);
    assert.equal(stopped.events.length, before, 'a disposed watch gets nothing more');
    connection.dispose();
  });
});

async function startServerClient(address: string) {
  const { Client, Connection } = await import('@rewind/sdk/client');
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection }) };
}
