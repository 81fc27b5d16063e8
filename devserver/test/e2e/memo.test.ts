// upsertMemo with Rewind's SDK: the run's memo merged (keys set, changed, removed), shown by describe,
// list and workflowInfo(), kept across a server restart, recorded in history and replayed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { DeterminismViolationError, Worker } from '@rewind/sdk/worker';
import { advance } from '../fixtures/memo';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const taskQueue = 'memo';
const workflowsPath = path.join(__dirname, '../fixtures/memo.ts');

describe("upsertMemo with Rewind's SDK", function () {
  this.timeout(60_000);
  let srv: TestServer | undefined;
  let stopWorker: (() => Promise<void>) | undefined;
  afterEach(async function () {
    await stopWorker?.();
    await srv?.close();
  });

  const server = (): TestServer => {
    if (!srv) throw new Error('no server');
    return srv;
  };
  const listedMemo = async (workflowId: string): Promise<Record<string, unknown> | undefined> => {
    for await (const info of server().client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) return info.memo;
    return undefined;
  };
  const describedMemo = async (workflowId: string) => (await server().client.workflow.getHandle(workflowId).describe()).memo;

  it('merges upserts into the memo, seen by describe, list and workflowInfo(), after a restart too; the run replays', async function () {
    srv = await startServer();
    stopWorker = (await startWorker(srv.address, { taskQueue, workflowsPath })).stop;
    const handle = await srv.client.workflow.start('memoUpserts', {
      taskQueue,
      workflowId: 'memo-upserts',
      memo: { kept: true, started: '2024-05-01' },
    });
    const first = { kept: true, stage: 'packing', owner: 'ada' };
    await eventually(
      async () => ((await describedMemo('memo-upserts'))?.stage === 'packing' ? true : undefined),
      20_000,
      'the first upsert',
    );
    assert.deepEqual(await describedMemo('memo-upserts'), first, 'set, and `started` removed by null');
    assert.deepEqual(await listedMemo('memo-upserts'), first);

    await handle.signal(advance);
    const second = { kept: true, stage: 'shipped' };
    await eventually(
      async () => ((await describedMemo('memo-upserts'))?.stage === 'shipped' ? true : undefined),
      20_000,
      'the second upsert',
    );
    assert.deepEqual(await describedMemo('memo-upserts'), second, 'changed, and `owner` removed by undefined');

    // The server restarts on the same file: the merged memo was stored.
    const dbPath = srv.dbPath;
    await stopWorker();
    stopWorker = undefined;
    await srv.close();
    srv = await startServer({ db: dbPath });
    assert.deepEqual(await describedMemo('memo-upserts'), second, 'describe after a restart');
    assert.deepEqual(await listedMemo('memo-upserts'), second, 'list after a restart');

    // A new worker replays the run (its upserts matched against their events) and finishes it.
    stopWorker = (await startWorker(srv.address, { taskQueue, workflowsPath })).stop;
    const again = server().client.workflow.getHandle('memo-upserts');
    await again.signal(advance);
    assert.deepEqual(await again.result(), [first, second], 'workflowInfo().memo after each upsert');

    const { events } = await again.fetchHistory();
    const upserts = events.flatMap((e) => (e.type === 'WorkflowPropertiesModified' ? [e.upsertedMemo] : []));
    assert.deepEqual(upserts, [
      { stage: 'packing', owner: 'ada', started: null },
      { stage: 'shipped', owner: null },
    ]);
    await Worker.runReplayHistory({ workflowsPath }, { events });
    // A real check: the same history with a search attribute upsert where the memo upsert was does not replay.
    const changed = events.map((e) =>
      e.type === 'WorkflowPropertiesModified'
        ? {
            eventId: e.eventId,
            eventTime: e.eventTime,
            type: 'UpsertWorkflowSearchAttributes' as const,
            searchAttributes: {},
            workflowTaskCompletedEventId: e.workflowTaskCompletedEventId,
          }
        : e,
    );
    await assert.rejects(Worker.runReplayHistory({ workflowsPath }, { events: changed }), DeterminismViolationError);
  });
});
