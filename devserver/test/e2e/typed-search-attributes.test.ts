// Typed search attributes and Temporal's untyped ones (readonly lists, Dates, undefined to remove) end to
// end: set at start, by a schedule, for a child and the next run, upserted as pairs; read in the workflow,
// by describe and by list filters; with the enums' UNSPECIFIED and ADMITTED members on the way.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client as TemporalClient, Connection as TemporalConnection } from '@temporalio/client';
import * as temporalCommon from '@temporalio/common';
import { ScheduleOverlapPolicy, WorkflowUpdateStage } from '@rewind/sdk/client';
import { TypedSearchAttributes, defineSearchAttributeKey } from '@rewind/sdk/common';
import { Worker, type InjectedSinks } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import {
  Amount,
  Customer,
  Note,
  Round,
  Score,
  Since,
  Tags,
  bump,
  finish,
  oneLabelUpserter,
  typedChild,
  typedLooper,
  typedParent,
  typedUpserter,
  type SearchAttributeSinks,
  type Seen,
} from '../fixtures/typed-search-attributes';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/typed-search-attributes.ts');

describe('typed search attributes', function () {
  const taskQueue = 'typed-search-attributes';
  let srv: TestServer;
  let stop: () => Promise<void>;
  before(async function () {
    srv = await startServer();
    stop = (await startWorker(srv.address, { taskQueue, activities, workflowsPath, sinks })).stop;
  });
  after(async function () {
    await stop?.();
    await srv?.close();
  });

  const ids = async (query: string): Promise<string[]> => {
    const out: string[] = [];
    for await (const wf of srv.client.workflow.list({ query })) out.push(wf.workflowId);
    return out.sort();
  };
  const since = new Date('2026-01-02T03:04:05.000Z');
  // What the sink saw of the run's typed search attributes, outside the sandbox.
  const sinkSaw: unknown[] = [];
  const sinks: InjectedSinks<SearchAttributeSinks> = {
    searchAttributes: {
      seen: {
        fn: (info) =>
          void sinkSaw.push([
            info.typedSearchAttributes.get(Since),
            info.typedSearchAttributes.get(Tags),
            info.typedSearchAttributes.get(Score),
          ]),
      },
    },
  };

  it('starts with untyped and typed attributes, upserts pairs and a record, and reads them back typed', async function () {
    const region: readonly string[] = ['eu'];
    const handle = await srv.client.workflow.start(typedUpserter, {
      taskQueue,
      workflowId: 'typed-sa',
      searchAttributes: { Region: region, Since: [since], Dropped: undefined, Customer: ['untyped'] },
      typedSearchAttributes: [
        { key: Customer, value: 'ada' },
        { key: Amount, value: 7 },
      ],
    });
    // An update that only asks to be admitted returns once accepted, as Temporal's client has it.
    const update = await handle.startUpdate(bump, { args: [2], waitForStage: WorkflowUpdateStage.ADMITTED });
    assert.equal(await update.result(), 2);

    await eventually(async () => ((await ids("Tags = 'x'")).length === 1 ? true : undefined), 5000, 'the upserts');
    assert.deepEqual(await ids("Customer = 'ada' AND Region IS NULL AND Amount IS NULL"), ['typed-sa']);
    const d = await handle.describe();
    assert.deepEqual(d.searchAttributes, { Customer: ['ada'], Since: [since.toISOString()], Tags: ['x', 'y'], Score: [1.5] });
    assert.equal(d.typedSearchAttributes.get(Customer), 'ada');
    assert.deepEqual(d.typedSearchAttributes.get(Since), since);
    assert.deepEqual(d.typedSearchAttributes.get(Tags), ['x', 'y']);
    assert.equal(d.typedSearchAttributes.get(Score), 1.5);
    assert.equal(d.typedSearchAttributes.get(Amount), undefined);

    await handle.signal(finish);
    const { atStart, afterUpserts } = await handle.result();
    assert.deepEqual(sinkSaw, [[since, ['x', 'y'], 1.5]], 'a sink reads the typed attributes too');
    assert.deepEqual(atStart, {
      untyped: { Region: ['eu'], Since: [since.toISOString()], Customer: ['ada'], Amount: [7] },
      customer: 'ada',
      amount: 7,
      since: since.toISOString(),
    } satisfies Seen);
    assert.deepEqual(afterUpserts, {
      untyped: { Since: [since.toISOString()], Customer: ['ada'], Tags: ['x', 'y'], Score: [1.5] },
      customer: 'ada',
      since: since.toISOString(),
      tags: ['x', 'y'],
      score: 1.5,
    } satisfies Seen);

    const { events } = await handle.fetchHistory();
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'UpsertWorkflowSearchAttributes' ? [e.searchAttributes] : [])),
      [
        { Tags: ['x', 'y'], Amount: [] },
        { Region: [], Score: [1.5] },
      ],
      'removals travel as empty lists',
    );
    await Worker.runReplayHistory({ workflowsPath }, { events });
  });

  it('gives a child and the next run typed attributes (parent close policy unspecified: the default)', async function () {
    const child = await srv.client.workflow.execute(typedParent, { taskQueue, workflowId: 'typed-parent' });
    assert.equal(child.customer, 'kid');
    assert.deepEqual(child.untyped, { Level: [1], Customer: ['kid'] });
    const parentEvents = (await srv.client.workflow.getHandle('typed-parent').fetchHistory()).events;
    const initiated = parentEvents.find((e) => e.type === 'StartChildWorkflowExecutionInitiated');
    assert.equal(initiated?.type === 'StartChildWorkflowExecutionInitiated' && initiated.parentClosePolicy, 'TERMINATE');

    const next = await srv.client.workflow.execute(typedLooper, { taskQueue, workflowId: 'typed-looper' });
    assert.equal(next.amount, 1, 'the next run reads Round');
    assert.deepEqual(next.untyped, { Round: [1] });
    assert.equal((await srv.client.workflow.getHandle('typed-looper').describe()).typedSearchAttributes.get(Round), 1);
  });

  it('starts a schedule’s runs with typed attributes (overlap policy unspecified: SKIP)', async function () {
    const Team = defineSearchAttributeKey('Team', 'KEYWORD');
    const handle = await srv.client.schedule.create({
      scheduleId: 'typed-schedule',
      spec: { intervals: [{ every: '1 hour' }] },
      action: {
        type: 'startWorkflow',
        workflowType: typedChild,
        taskQueue,
        typedSearchAttributes: new TypedSearchAttributes([{ key: Team, value: 'ops' }]),
      },
      policies: { overlap: ScheduleOverlapPolicy.UNSPECIFIED },
    });
    assert.equal((await handle.describe()).policies.overlap, 'SKIP');
    await handle.trigger(ScheduleOverlapPolicy.UNSPECIFIED);
    const workflowId = await eventually(
      async () => (await handle.describe()).info.recentActions.at(-1)?.action.workflow.workflowId,
      5000,
      'the triggered run',
    );
    const seen = (await srv.client.workflow.getHandle(workflowId).result()) as Seen;
    assert.deepEqual(seen.untyped.Team, ['ops']);
    assert.equal((await srv.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(Team), 'ops');
    await handle.delete();
  });

  it('takes typed attributes from Temporal’s own client and gives them back to it typed (the gRPC frontend)', async function () {
    const connection = await TemporalConnection.connect({ address: srv.address });
    try {
      const temporal = new TemporalClient({ connection });
      const key = temporalCommon.defineSearchAttributeKey;
      const handle = await temporal.workflow.start('typedUpserter', {
        taskQueue,
        workflowId: 'typed-sa-from-temporal',
        typedSearchAttributes: new temporalCommon.TypedSearchAttributes([
          { key: key('Customer', 'KEYWORD'), value: 'bo' },
          { key: key('Amount', 'INT'), value: 3 },
          { key: key('Since', 'DATETIME'), value: since },
        ]),
      });
      await eventually(
        async () => ((await ids("WorkflowId = 'typed-sa-from-temporal' AND Tags = 'y'")).length === 1 ? true : undefined),
        5000,
        'the upserts',
      );
      const typed = (await handle.describe()).typedSearchAttributes;
      assert.equal(typed.get(key('Customer', 'KEYWORD')), 'bo');
      assert.deepEqual(typed.get(key('Since', 'DATETIME')), since);
      assert.deepEqual(typed.get(key('Tags', 'KEYWORD_LIST')), ['x', 'y']);
      assert.equal(typed.get(key('Score', 'DOUBLE')), 1.5);
      assert.equal(typed.get(key('Amount', 'INT')), undefined, 'removed by a null pair');
      await handle.signal('finish');
      const { atStart } = (await handle.result()) as { atStart: Seen };
      assert.deepEqual(atStart, {
        untyped: { Customer: ['bo'], Amount: [3], Since: [since.toISOString()] },
        customer: 'bo',
        amount: 3,
        since: since.toISOString(),
      } satisfies Seen);
    } finally {
      await connection.close();
    }
  });

  it('registers the types Rewind’s typed attributes carry (Text at start, a KeywordList of one by upsert), which both clients read', async function () {
    const handle = await srv.client.workflow.start(oneLabelUpserter, {
      taskQueue,
      workflowId: 'rewind-typed-registered',
      typedSearchAttributes: [{ key: Note, value: 'free text' }],
    });
    await eventually(async () => ((await ids("Labels = 'solo'")).length === 1 ? true : undefined), 5000, 'the upsert');
    const { custom } = await srv.client.connection.call('searchAttribute.list', { namespace: 'default' });
    assert.deepEqual(
      custom.filter((a) => a.name === 'Note' || a.name === 'Labels'),
      [
        { name: 'Labels', type: 'KeywordList' },
        { name: 'Note', type: 'Text' },
      ],
    );
    // Rewind's describe reads them by the registered types too.
    const own = Object.fromEntries((await handle.describe()).typedSearchAttributes.getAll().map((p) => [p.key.name, p.key.type]));
    assert.deepEqual(own, { Labels: 'KEYWORD_LIST', Note: 'TEXT' });
    const connection = await TemporalConnection.connect({ address: srv.address });
    try {
      const described = await new TemporalClient({ connection }).workflow.getHandle('rewind-typed-registered').describe();
      const types = Object.fromEntries(described.typedSearchAttributes.getAll().map((p) => [p.key.name, p.key.type]));
      assert.deepEqual(types, { Labels: 'KEYWORD_LIST', Note: 'TEXT' });
      assert.deepEqual(described.typedSearchAttributes.get(temporalCommon.defineSearchAttributeKey('Labels', 'KEYWORD_LIST')), ['solo']);
    } finally {
      await connection.close();
    }
    await handle.signal(finish);
    await handle.result();
  });
});
