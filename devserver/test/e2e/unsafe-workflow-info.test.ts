// workflowInfo().unsafe as Temporal's UnsafeWorkflowInfo, on a real server with a caching and a non-caching
// worker: its four members; a query's and an update validator's log lines and sink calls are live (written
// and made at once, isReplayingHistoryEvents false) while what replaying history logs or calls is not;
// a replay calls only callDuringReplay sinks; unsafe.random draws fresh entropy on every replay.
import assert from 'node:assert/strict';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@rewind/sdk/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type InjectedSinks, type LogMetadata } from '@rewind/sdk/worker';
import type { UnsafeWorkflowInfo } from '@rewind/sdk/workflow';
import { bump, finish, ping, readUnsafe, unsafeDraws, unsafeReporter, type ProbeSinks } from '../fixtures/unsafe-info/workflows';
import { eventually, startServer, type TestServer } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/unsafe-info/workflows.ts');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Draws = Parameters<ProbeSinks['probe']['drew']>[0];

/** A line or a sink call: where in the workflow, and what workflowInfo().unsafe said there. */
interface Seen {
  where: string;
  isReplaying: unknown;
  isReplayingHistoryEvents: unknown;
}

describe('workflowInfo().unsafe (Temporal’s UnsafeWorkflowInfo) on a Rewind worker', function () {
  this.timeout(60_000);
  let srv: TestServer;
  const workers: { worker: Worker; running: Promise<void>; connection: NativeConnection }[] = [];
  /** The workers' log lines of the workflows, in order. */
  const lines: { message: string; meta: LogMetadata }[] = [];
  /** The sink calls made in the worker's process, with the workflow id of the info they came with. */
  const calls: (Seen & { workflowId: string; infoReplaying: unknown; hostUuid: string })[] = [];
  const sinks: InjectedSinks<ProbeSinks> = {
    probe: {
      seen: {
        fn: (info, where, isReplaying, isReplayingHistoryEvents) =>
          void calls.push({
            workflowId: info.workflowId,
            where,
            isReplaying,
            isReplayingHistoryEvents,
            infoReplaying: info.unsafe.isReplayingHistoryEvents,
            // The info's random source is the worker's own again (it does not cross the sandbox's boundary).
            hostUuid: (info.unsafe as Partial<UnsafeWorkflowInfo>).random?.uuid4() ?? 'none',
          }),
      },
      drew: { fn: () => undefined },
    },
  };

  const linesOf = (workflowId: string): Seen[] =>
    lines
      .filter((l) => l.meta['workflowId'] === workflowId && l.message.startsWith('unsafe at '))
      .map((l) => ({
        where: l.message.slice('unsafe at '.length),
        isReplaying: l.meta['isReplaying'],
        isReplayingHistoryEvents: l.meta['isReplayingHistoryEvents'],
      }));
  const callsOf = (workflowId: string): Seen[] =>
    calls
      .filter((c) => c.workflowId === workflowId)
      .map(({ where, isReplaying, isReplayingHistoryEvents }) => ({ where, isReplaying, isReplayingHistoryEvents }));

  before(async function () {
    srv = await startServer();
    Runtime.install({
      logger: new DefaultLogger('INFO', ({ message, meta }) => void lines.push({ message, meta: meta ?? {} })),
      shutdownSignals: [],
    });
    for (const [taskQueue, maxCachedWorkflows] of [
      ['unsafe-caching', 100],
      ['unsafe-non-caching', 0],
    ] as const) {
      const connection = await NativeConnection.connect({ address: srv.address });
      const worker = await Worker.create({ connection, taskQueue, workflowsPath, maxCachedWorkflows, sinks });
      workers.push({ worker, running: worker.run(), connection });
    }
  });
  after(async function () {
    for (const w of workers) {
      w.worker.shutdown();
      await w.running;
      await w.connection.close();
    }
    await srv?.close();
  });

  const live = (where: string): Seen => ({ where, isReplaying: false, isReplayingHistoryEvents: false });

  for (const taskQueue of ['unsafe-caching', 'unsafe-non-caching']) {
    it(`${taskQueue}: logs and sink calls of a query and a validator are made at once, those of replayed history are not`, async function () {
      const workflowId = `reporter-${taskQueue}`;
      const handle = await srv.client.workflow.start(unsafeReporter, { taskQueue, workflowId });
      await eventually(() => linesOf(workflowId).some((l) => l.where === 'after sleep') || undefined);
      assert.equal(await handle.query(ping), 0);
      // Written and called before the query was answered (not with the next task; the non-caching worker
      // replayed the whole history for it and wrote none of it again).
      const afterQuery = [live('start'), live('after sleep'), { where: 'query', isReplaying: true, isReplayingHistoryEvents: false }];
      const wheres = (seen: Seen[]): string[] => seen.map((x) => x.where);
      assert.deepEqual(wheres(linesOf(workflowId)), wheres(afterQuery), 'log lines');
      assert.deepEqual(wheres(callsOf(workflowId)), wheres(afterQuery), 'sink calls');
      assert.deepEqual(linesOf(workflowId), afterQuery);
      assert.deepEqual(callsOf(workflowId), afterQuery);

      // A validator that accepts and one that refuses: each is live (the update's task replays the history first on the non-caching worker).
      assert.equal(await handle.executeUpdate(bump, { args: [2] }), 2);
      await assert.rejects(handle.executeUpdate(bump, { args: [-1] }), WorkflowUpdateFailedError);
      await handle.signal(finish);
      assert.equal(await handle.result(), 2);
      const all = [...afterQuery, live('validator'), live('validator'), live('end')];
      assert.deepEqual(wheres(linesOf(workflowId)), wheres(all), 'log lines');
      assert.deepEqual(wheres(callsOf(workflowId)), wheres(all), 'sink calls');
      assert.deepEqual(linesOf(workflowId), all);
      assert.deepEqual(callsOf(workflowId), all);
      const made = calls.filter((c) => c.workflowId === workflowId);
      assert.deepEqual(
        made.map((c) => c.infoReplaying),
        all.map(() => false),
        "each call's info says it was made live",
      );
      assert.ok(
        made.every((c) => UUID_V4.test(c.hostUuid)),
        "the info's unsafe.random works in the sink",
      );
      assert.equal(new Set(made.map((c) => c.hostUuid)).size, made.length);
    });
  }

  it('has the four members of Temporal’s UnsafeWorkflowInfo: the real clock, fresh randomness, both replay flags', async function () {
    const handle = await srv.client.workflow.start(unsafeReporter, { taskQueue: 'unsafe-caching', workflowId: 'reporter-view' });
    await eventually(() => linesOf('reporter-view').some((l) => l.where === 'after sleep') || undefined);
    const before = Date.now();
    const [view, again] = [await handle.query(readUnsafe), await handle.query(readUnsafe)];
    assert.deepEqual(view.keys, ['isReplaying', 'isReplayingHistoryEvents', 'now', 'random']);
    // As Temporal's: the functions (now, the random source) are left out of JSON.
    assert.equal(view.json, '{"isReplaying":true,"isReplayingHistoryEvents":false}');
    assert.ok(view.now >= before, `unsafe.now() is the real clock (${view.now}), not the last task's time (before ${before})`);
    assert.ok(view.random >= 0 && view.random < 1);
    assert.match(view.uuid, UUID_V4);
    assert.equal(view.bytes.length, 16);
    assert.ok(
      view.bytes.every((b) => Number.isInteger(b) && b >= 0 && b < 256),
      String(view.bytes),
    );
    assert.notEqual(view.uuid, again.uuid);
    assert.notEqual(view.random, again.random);
    await handle.signal(finish);
    assert.equal(await handle.result(), 0);
  });

  it('replays call only callDuringReplay sinks, each call with isReplayingHistoryEvents true; no validator or query runs', async function () {
    const { events } = await srv.client.workflow.getHandle('reporter-unsafe-caching').fetchHistory();
    const replayed: Seen[] = [];
    await Worker.runReplayHistory(
      {
        workflowsPath,
        sinks: {
          probe: {
            seen: {
              fn: (info, where: string, isReplaying: boolean) =>
                void replayed.push({ where, isReplaying, isReplayingHistoryEvents: info.unsafe.isReplayingHistoryEvents }),
              callDuringReplay: true,
            },
            drew: { fn: () => undefined },
          },
        },
      },
      { events },
    );
    const replaying = (where: string): Seen => ({ where, isReplaying: true, isReplayingHistoryEvents: true });
    // The accepted update's handler is replayed; its validator is not run again.
    assert.deepEqual(replayed, [replaying('start'), replaying('after sleep'), replaying('end')]);
    const linesBefore = lines.length;
    const callsBefore = calls.length;
    await Worker.runReplayHistory({ workflowsPath, sinks }, { events });
    assert.equal(calls.length, callsBefore, 'a sink without callDuringReplay is not called in a replay');
    assert.equal(lines.length, linesBefore, 'a replay writes no workflow log line');
  });

  it('draws fresh randomness from unsafe.random: two replays of one history draw differently, Math.random the same', async function () {
    const handle = await srv.client.workflow.start(unsafeDraws, { taskQueue: 'unsafe-caching', workflowId: 'draws-1' });
    await handle.result();
    const history = await handle.fetchHistory();
    const replays: Draws[][] = [];
    for (let i = 0; i < 2; i++) {
      const drawn: Draws[] = [];
      const replaySinks: InjectedSinks<ProbeSinks> = {
        probe: { seen: { fn: () => undefined }, drew: { fn: (_info, d) => void drawn.push(d), callDuringReplay: true } },
      };
      await Worker.runReplayHistory({ workflowsPath, sinks: replaySinks }, history);
      replays.push(drawn);
    }
    const [a, b] = replays.map((r) => {
      assert.equal(r.length, 1);
      return r[0]!;
    });
    assert.ok(a && b);
    assert.match(a.uuid, UUID_V4);
    assert.match(b.uuid, UUID_V4);
    assert.notEqual(a.random, b.random);
    assert.notEqual(a.uuid, b.uuid);
    assert.notDeepEqual(a.bytes, b.bytes);
    assert.equal(a.mathRandom, b.mathRandom, "Math.random is the run's deterministic generator");
  });
});
