// Hostile input over the wire, seeded (REWIND_FUZZ_SEED replays a run): forged, stale and foreign task
// tokens; SQL in list queries; then ≥ 10,000 generated messages. Each request gets exactly one reply
// that says what is wrong; afterwards the server answers, and every open workflow completes, gap-free.
import type { SearchAttributes } from '@rewind/sdk/common';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_MESSAGE_BYTES } from '@rewind/sdk/protocol';
import * as activities from '../fixtures/activities';
import type * as workflows from '../fixtures/workflows';
import { runsWithGaps, tablesOf } from '../helpers/db-file';
import { Ids } from '../helpers/fuzz-frames';
import { FuzzGenerator } from '../helpers/fuzz-generator';
import { Problems, replyProblem, ReplyLedger, truncate } from '../helpers/fuzz-ledger';
import { codeSnippets, deepArray, deepObject, PROTO_KEYS, SQL_SNIPPETS, UNICODE } from '../helpers/hostile-values';
import { call, handshaken, ok, rawWorker } from '../helpers/raw-session';
import { RawPeer, type RpcReply } from '../helpers/raw-peer';
import { seededRandom, seedFrom } from '../helpers/seeded-random';
import { startServer, startWorker, type TestServer } from '../helpers/server';
import { SqliteStore } from '../../src/store/sqlite-store';
import { tempDir } from '../helpers/temp';

type W = typeof workflows;

const SEED = seedFrom('REWIND_FUZZ_SEED');
const MIN_MESSAGES = 10_000;
const KEEPERS = 'fuzz-keepers';
const RAW_QUEUE = 'fuzz-raw';
const FUZZ_NS = 'fuzz';
const VICTIMS = ['victim-0', 'victim-1', 'victim-2'];

/** Whether a string is valid Unicode, as the platform says (not the server's own check: this one judges it). */
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** A string as a quoted value of the list filter language. */
const quoted = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

describe(`fuzz: hostile input over the wire (seed ${SEED})`, function () {
  this.timeout(60_000);
  const problems = new Problems();
  const marker = path.join(tempDir(), 'pwned');
  const figures = { scripted: 0, generated: 0, replies: 0, ms: 0 };
  let srv: TestServer;
  let stopWorker: () => Promise<void>;
  let ctl: RawPeer;
  let closed = false;
  const keeperRunIds: string[] = [];
  const staleTokens: string[] = [];

  /** A scripted request: it must get a clear reply. */
  async function scripted(peer: RawPeer, method: string, params: unknown): Promise<RpcReply> {
    figures.scripted++;
    const reply = await call(peer, method, params);
    const problem = replyProblem(reply);
    assert.equal(problem, undefined, `${method} ${truncate(JSON.stringify(params) ?? '')}: ${problem} (seed ${SEED})`);
    return reply;
  }

  async function refused(peer: RawPeer, method: string, params: unknown, status: RegExp): Promise<void> {
    const reply = await scripted(peer, method, params);
    assert.ok(reply.error, `${method} ${JSON.stringify(params).slice(0, 200)} was accepted`);
    assert.match(reply.error.data?.status ?? '', status, `${method}: ${reply.error.message}`);
  }

  const historyOf = async (namespace: string, workflowId: string) =>
    (await ok<{ events: { eventId: number; type: string }[] }>(ctl, 'workflow.history', { namespace, workflowId })).events;

  before(async function () {
    console.log(`    fuzz seed ${SEED} (replay with REWIND_FUZZ_SEED=${SEED})`);
    srv = await startServer();
    ({ stop: stopWorker } = await startWorker(srv.address, { taskQueue: KEEPERS, activities }));
    ctl = await handshaken(srv.address);
    const start = async (workflowType: string, workflowId: string, args: unknown[], searchAttributes?: SearchAttributes) => {
      const h = await srv.client.workflow.start(workflowType, {
        taskQueue: KEEPERS,
        workflowId,
        args,
        ...(searchAttributes ? { searchAttributes } : {}),
      });
      keeperRunIds.push(h.firstExecutionRunId);
    };
    await start('approval', 'k-approve-0', [2], { CustomerId: ['ada'] });
    await start('approval', 'k-approve-1', [2]);
    await start('approval', 'k-approve-2', [2]);
    await start('approval', 'k-expire', [1, '2 seconds']);
    await start('order', 'k-order', ['K', '1 second']);
    await ok(ctl, 'namespace.register', { namespace: FUZZ_NS });
    for (const workflowId of VICTIMS) {
      await ok(ctl, 'workflow.start', {
        namespace: FUZZ_NS,
        workflowId,
        workflowType: 'victim',
        taskQueue: 'fuzz-victims',
        args: [],
        requestId: `start-${workflowId}`,
        searchAttributes: { CustomerId: ['ada'] },
      });
    }
  });

  async function closeAll(): Promise<void> {
    if (closed) return;
    closed = true;
    ctl?.close();
    await stopWorker?.();
    await srv?.close();
  }

  after(async function () {
    await closeAll();
    console.log(
      `    fuzz figures: ${figures.generated} generated messages and ${figures.scripted} scripted ones, ` +
        `${figures.replies} replies, in ${figures.ms} ms (seed ${SEED})`,
    );
  });

  it('refuses forged, stale and foreign task tokens and commands out of order; the run then completes', async function () {
    const holder = await rawWorker(srv.address, {
      taskQueue: RAW_QUEUE,
      workerId: 'raw-holder',
      workflowTypes: ['approval'],
      activityTypes: ['greet'],
      capacity: 1,
    });
    const other = await rawWorker(srv.address, {
      taskQueue: RAW_QUEUE,
      workerId: 'raw-other',
      workflowTypes: ['approval'],
      activityTypes: ['greet'],
      capacity: 0,
    });
    try {
      const handle = await srv.client.workflow.start('approval', { taskQueue: RAW_QUEUE, workflowId: 'raw-1', args: [1] });
      const first = (await holder.notification('task.workflow')).params as { taskToken: string; runId: string };
      const t1 = first.taskToken;
      const [, ref, attempt, startId, runId] = /^w:(\d+):(\d+):([0-9a-f]{12}):(.+)$/.exec(t1)!;
      assert.equal(runId, first.runId);
      const COMPLETE = [{ type: 'CompleteWorkflowExecution', result: 'forged' }];
      const lengthBefore = (await historyOf('default', 'raw-1')).length;

      await refused(other, 'workflowTask.complete', { taskToken: t1, commands: COMPLETE }, /NOT_FOUND/); // leased to another worker
      await refused(
        other,
        'workflowTask.fail',
        {
          taskToken: t1,
          cause: 'WORKFLOW_WORKER_UNHANDLED_FAILURE',
          failure: { message: 'x', info: { type: 'server', nonRetryable: false } },
        },
        /NOT_FOUND/,
      );
      const forged = [
        `w:${ref}:${Number(attempt) + 1}:${startId}:${runId}`,
        `w:${Number(ref) + 1}:${attempt}:${startId}:${runId}`,
        `w:${ref}:${attempt}:${startId!.replace(/^./, (c) => (c === '0' ? '1' : '0'))}:${runId}`,
        `w:${ref}:${attempt}:${runId}`,
        `w:${ref}:${attempt}:${startId}:no-such-run`,
        `w:${ref}:${attempt}:${startId}:${keeperRunIds[0]}`,
        `w:${ref}:${attempt}:${startId}:__proto__`,
      ];
      for (const taskToken of forged) await refused(holder, 'workflowTask.complete', { taskToken, commands: COMPLETE }, /NOT_FOUND/);
      for (const taskToken of [`a:${ref}:${attempt}:${startId}:${runId}`, `${t1} `, 'w:1:1:', '\u0000', 'constructor']) {
        await refused(holder, 'workflowTask.complete', { taskToken, commands: COMPLETE }, /INVALID_ARGUMENT|NOT_FOUND/);
      }
      await refused(holder, 'workflowTask.complete', { taskToken: t1.repeat(20), commands: COMPLETE }, /INVALID_ARGUMENT/);
      // An activity completed before the workflow task that would schedule it.
      await refused(holder, 'activityTask.complete', { taskToken: `a:${Number(ref) + 2}:1:${runId}`, result: 1 }, /NOT_FOUND/);
      await refused(holder, 'activityTask.heartbeat', { taskToken: `a:${Number(ref) + 2}:1:${runId}` }, /NOT_FOUND/);
      assert.equal((await historyOf('default', 'raw-1')).length, lengthBefore, 'refused completions change nothing');

      await ok(holder, 'workflowTask.complete', {
        taskToken: t1,
        commands: [
          {
            type: 'ScheduleActivityTask',
            seq: 1,
            activityId: '1',
            activityType: 'greet',
            taskQueue: RAW_QUEUE,
            args: ['raw'],
            startToCloseTimeoutMs: 60_000,
          },
          { type: 'StartTimer', seq: 1, startToFireTimeoutMs: 3_600_000 },
        ],
      });
      await refused(holder, 'workflowTask.complete', { taskToken: t1, commands: COMPLETE }, /NOT_FOUND/); // completed already
      staleTokens.push(t1);

      const at = ((await holder.notification('task.activity')).params as { taskToken: string }).taskToken;
      await refused(other, 'activityTask.complete', { taskToken: at, result: 'stolen' }, /NOT_FOUND/);
      assert.deepEqual(await ok(holder, 'activityTask.heartbeat', { taskToken: at, details: [1] }), { cancelRequested: false });
      await ok(holder, 'activityTask.complete', { taskToken: at, result: 'hello raw' });
      await refused(holder, 'activityTask.complete', { taskToken: at, result: 'twice' }, /NOT_FOUND/);
      await refused(
        holder,
        'activityTask.fail',
        { taskToken: at, failure: { message: 'late', info: { type: 'application', errorType: 'E', nonRetryable: true } } },
        /NOT_FOUND/,
      );
      await refused(holder, 'activityTask.cancelled', { taskToken: at }, /NOT_FOUND/);
      staleTokens.push(at);

      // Commands out of order: the workflow closes, then starts a timer. The task fails; nothing of it applies.
      const t2 = ((await holder.notification('task.workflow')).params as { taskToken: string }).taskToken;
      await ok(holder, 'workflowTask.complete', {
        taskToken: t2,
        commands: [...COMPLETE, { type: 'StartTimer', seq: 2, startToFireTimeoutMs: 1 }],
      });
      const failed = (await historyOf('default', 'raw-1')).at(-1) as { type: string; cause?: string };
      assert.deepEqual([failed.type, failed.cause], ['WorkflowTaskFailed', 'BAD_COMMAND']);
      await refused(holder, 'workflowTask.complete', { taskToken: t2, commands: COMPLETE }, /NOT_FOUND/);
      staleTokens.push(t2);

      // The retry: commands naming seq numbers this run never used are recorded harmlessly; then it completes.
      const t3 = ((await holder.notification('task.workflow')).params as { taskToken: string }).taskToken;
      await ok(holder, 'workflowTask.complete', {
        taskToken: t3,
        commands: [
          { type: 'RequestCancelActivityTask', seq: 99 },
          { type: 'CancelTimer', seq: 42 },
          { type: 'CancelTimer', seq: 1 },
          { type: 'CompleteWorkflowExecution', result: 'raw done' },
        ],
      });
      assert.equal(await handle.result(), 'raw done');
      await refused(holder, 'workflowTask.complete', { taskToken: t3, commands: COMPLETE }, /NOT_FOUND/); // the run is closed
      staleTokens.push(t3);
      const events = await historyOf('default', 'raw-1');
      assert.deepEqual(
        events.map((e) => e.eventId),
        events.map((_, i) => i + 1),
      );
    } finally {
      holder.close();
      other.close();
    }
  });

  it('names that are properties of every object are just names: updates by those ids, memo keys', async function () {
    for (const updateId of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const reply = await scripted(ctl, 'workflow.update', {
        namespace: 'default',
        workflowId: 'k-approve-1',
        updateId,
        name: 'noSuchUpdate',
        args: [],
        waitForStage: 'COMPLETED',
      });
      assert.deepEqual(
        [(reply.result as { updateId: string }).updateId, (reply.result as { rejected: boolean }).rejected],
        [updateId, true],
        JSON.stringify(reply),
      );
    }
    const refusedKey = await scripted(ctl, 'workflow.start', {
      namespace: FUZZ_NS,
      workflowId: 'proto-memo',
      workflowType: 'victim',
      taskQueue: 'fuzz-victims',
      args: [],
      requestId: 'proto-memo',
      memo: JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown,
    });
    assert.match(refusedKey.error?.message ?? '', /memo\.__proto__: expected a key other than __proto__/);
  });

  it('list queries cannot inject SQL: each errors clearly or returns only what the filter means; the tables are intact', async function () {
    const ids = async (query: string): Promise<string[] | RpcReply['error']> => {
      const reply = await scripted(ctl, 'workflow.list', { namespace: 'default', query, pageSize: 1000 });
      const count = await scripted(ctl, 'workflow.count', { namespace: 'default', query });
      if (reply.error) {
        // A query that does not parse, or a string that is not text (a lone surrogate).
        assert.match(
          reply.error.message,
          /^Invalid (query|params for workflow\.list: query: .* valid Unicode)/,
          `${query}: ${reply.error.message}`,
        );
        assert.equal(count.error?.message.replace('workflow.count', 'workflow.list'), reply.error.message);
        return reply.error;
      }
      const found = (reply.result as { executions: { workflowId: string }[] }).executions.map((e) => e.workflowId).sort();
      assert.equal((count.result as { count: number }).count, found.length, query);
      return found;
    };
    const all = await ids('');
    assert.ok(Array.isArray(all) && all.includes('k-approve-0'), JSON.stringify(all));
    const hostile = [
      ...SQL_SNIPPETS,
      ...PROTO_KEYS,
      ...UNICODE,
      ...codeSnippets(marker),
      'k-approve-0 ',
      'K-APPROVE-0',
      '%',
      '_',
      'k-approve-_',
    ];
    for (const s of hostile) {
      // A string with a lone surrogate is not text: refused, as any field that holds one.
      const finds = async (query: string, wanted: string[]): Promise<void> => {
        const found = await ids(query);
        if (!wellFormed(s)) assert.ok(!Array.isArray(found), `${query} is refused`);
        else assert.deepEqual(found, wanted, query);
      };
      await finds(`WorkflowId = ${quoted(s)}`, []);
      await finds(`CustomerId = ${quoted(s)}`, []);
      await finds(
        `WorkflowId STARTS_WITH ${quoted(s)}`,
        (all as string[]).filter((id) => id.startsWith(s)),
      );
      assert.ok(!Array.isArray(await ids(`ExecutionStatus = ${quoted(s)}`)), `ExecutionStatus = ${quoted(s)} is refused`);
      // Unescaped: an error, or a filter that means something (and so finds only real runs).
      for (const q of [`WorkflowId = '${s}'`, `WorkflowId = "${s}"`, `${s} = 'x'`, `WorkflowId = 'x' ${s}`]) {
        const found = await ids(q);
        if (Array.isArray(found))
          assert.ok(
            found.every((id) => (all as string[]).includes(id)),
            q,
          );
      }
    }
    assert.deepEqual(await ids(`WorkflowId = "x' OR '1'='1"`), []);
    assert.deepEqual(await ids(`WorkflowId = 'x\\' OR 1=1 --'`), []);
    assert.deepEqual(await ids("`workflow_id` = 'k-approve-0'"), [], 'a column name is a search attribute name, not a column');
    assert.deepEqual(await ids("`WorkflowId` = 'k-approve-0'"), ['k-approve-0']);
    assert.deepEqual(await ids(`WorkflowId = 'k-approve-1' OR WorkflowId = 'k-approve-2'`), ['k-approve-1', 'k-approve-2']);
    assert.deepEqual(await ids(`CustomerId = 'ada'`), ['k-approve-0']);
    assert.deepEqual(await ids(''), all);
    assert.equal((await ok<{ namespaces: unknown[] }>(ctl, 'namespace.list')).namespaces.length, 2);
  });

  it(`answers each of ≥ ${MIN_MESSAGES} generated messages exactly once, with a result or an error that says what is wrong`, async function () {
    const started = Date.now();
    const rnd = seededRandom(SEED);
    const taskTokens = [
      ...staleTokens,
      ...[...keeperRunIds, ...VICTIMS].flatMap((runId) => [
        `w:2:1:${runId}`,
        `w:3:1:0123456789ab:${runId}`,
        `a:5:1:${runId}`,
        `a:7:2:${runId}`,
      ]),
      'w:1:1:',
      'a:99999999999999999:1:x',
      'not a token',
    ];
    const queries = [
      `WorkflowId = 'victim-0'`,
      `WorkflowType = 'victim' AND ExecutionStatus = 'Running'`,
      `CustomerId = 'ada' OR CustomerId IN ('bob', 1, true)`,
      `StartTime BETWEEN '2020-01-01T00:00:00Z' AND '2999-01-01T00:00:00Z'`,
      `WorkflowId STARTS_WITH 'vic' AND NOT (HistoryLength > 100)`,
      `CloseTime IS NULL`,
      ...SQL_SNIPPETS.map((s) => `WorkflowId = '${s}'`),
      ...SQL_SNIPPETS.map((s) => `WorkflowId = ${quoted(s)}`),
    ];
    const gen = new FuzzGenerator(rnd, {
      namespaces: [FUZZ_NS, FUZZ_NS, FUZZ_NS, 'no-such-namespace'],
      workflowIds: VICTIMS,
      taskTokens,
      queries,
      marker,
    });
    const peers = await Promise.all([0, 1, 2].map(() => handshaken(srv.address)));
    const ledgers = peers.map((p, i) => new ReplyLedger(p, problems, `connection ${i + 1}`));
    const fresh = new ReplyLedger(await RawPeer.open(srv.address), problems, 'before the handshake');
    const big = await handshaken(srv.address);
    try {
      // Before the handshake: every request is refused, and says why.
      for (let i = 0; i < 300; i++) {
        const frame = gen.next();
        if (!frame.text.includes('handshake')) fresh.send(frame);
      }
      await fresh.ping(); // refused too (no handshake): that is its answer
      let sent = 0;
      const send = async (frame: Parameters<ReplyLedger['send']>[0]): Promise<void> => {
        const ledger = ledgers[sent++ % ledgers.length]!;
        ledger.send(frame);
        if (sent % 600 === 0) await Promise.all(ledgers.map((l) => l.ping()));
      };
      for (const frame of gen.systematic()) await send(frame);
      const ids = new Ids();
      // Deep nesting, far past any limit: the whole message, its params, an argument.
      for (const depth of [10_000, 100_000]) {
        for (const deep of [deepArray(depth), deepObject(depth)]) {
          await send({ text: deep.text, ids: [], nullReplies: 1 });
          const id = `deep-${ids.next()}`;
          await send({ text: `{"jsonrpc":"2.0","id":"${id}","method":"workflow.list","params":${deep.text}}`, ids: [id], nullReplies: 0 });
          const id2 = `deep-${ids.next()}`;
          await send({
            text: `{"jsonrpc":"2.0","id":"${id2}","method":"workflow.signal","params":{"namespace":"${FUZZ_NS}","workflowId":"victim-0","signalName":"s","args":[${deep.text}]}}`,
            ids: [id2],
            nullReplies: 0,
          });
        }
      }
      // Huge strings, under the message size limit.
      for (const mb of [1, 4, 15]) {
        const s = 'h'.repeat(mb * 1024 * 1024);
        for (const [method, params] of [
          ['workflow.describe', { namespace: FUZZ_NS, workflowId: s }],
          ['workflow.list', { namespace: FUZZ_NS, query: s }],
          ['workflow.cancel', { namespace: FUZZ_NS, workflowId: 'victim-1', reason: s }],
        ] as const) {
          const id = `huge-${ids.next()}`;
          await send({ text: JSON.stringify({ jsonrpc: '2.0', id, method, params }), ids: [id], nullReplies: 0 });
        }
      }
      while (ledgers.reduce((n, l) => n + l.frames, 0) + fresh.frames < MIN_MESSAGES + 500) await send(gen.next());
      await Promise.all(ledgers.map((l) => l.ping()));

      // One message over the limit: that connection closes; the others carry on.
      big.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'namespace.list', params: { x: 'x'.repeat(MAX_MESSAGE_BYTES) } }));
      assert.equal(await big.closed, 1009, 'a message over MAX_MESSAGE_BYTES closes its connection (1009: too big)');
      await Promise.all(ledgers.map((l) => l.ping()));

      // Requests that wait for a run (result, update) are answered once the runs close.
      const { namespaces } = await ok<{ namespaces: { name: string }[] }>(ctl, 'namespace.list');
      for (const { name: namespace } of namespaces.filter((n) => n.name !== 'default')) {
        const { schedules } = await ok<{ schedules: { scheduleId: string }[] }>(ctl, 'schedule.list', { namespace, pageSize: 1000 });
        for (const { scheduleId } of schedules) await ok(ctl, 'schedule.delete', { namespace, scheduleId });
        const { executions } = await ok<{ executions: { workflowId: string; runId: string }[] }>(ctl, 'workflow.list', {
          namespace,
          query: `ExecutionStatus = 'Running'`,
          pageSize: 10_000,
        });
        for (const { workflowId, runId } of executions) {
          const reply = await call(ctl, 'workflow.terminate', { namespace, workflowId, runId, reason: 'fuzz over' });
          assert.ok(!reply.error || reply.error.data?.status === 'NOT_FOUND', JSON.stringify(reply.error)); // it may have timed out meanwhile
        }
      }
      await Promise.all([...ledgers, fresh].map((l) => l.settle(20_000)));
      assert.equal(fresh.results, 0, 'nothing is done before the handshake');
    } finally {
      for (const p of peers) p.close();
      fresh.peer.close();
      big.close();
    }
    figures.generated = ledgers.reduce((n, l) => n + l.frames, 0) + fresh.frames;
    figures.replies = ledgers.reduce((n, l) => n + l.replies, 0) + fresh.replies;
    figures.ms = Date.now() - started;
    assert.equal(problems.list.length, 0, problems.report(SEED));
    assert.ok(figures.generated >= MIN_MESSAGES, `${figures.generated} messages sent`);
    assert.ok(!fs.existsSync(marker), 'no code sent by a client ran');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
  });

  it('afterwards: the server answers, every open workflow completes with the right result, histories gap-free, tables intact', async function () {
    assert.ok((await ok<{ namespaces: unknown[] }>(ctl, 'namespace.list')).namespaces.length >= 2);
    for (const id of ['k-approve-0', 'k-approve-1', 'k-approve-2']) {
      const h = srv.client.workflow.getHandle<W['approval']>(id);
      await h.signal('approve', 'ada');
      await h.signal('approve', 'bob');
      assert.equal(await h.result(), 'approved by ada, bob');
    }
    assert.equal(await srv.client.workflow.getHandle<W['approval']>('k-expire').result(), 'expired by nobody');
    assert.equal(await srv.client.workflow.getHandle<W['order']>('k-order').result(), 'charged 10; hello K');
    for (const id of ['k-approve-0', 'k-approve-1', 'k-approve-2', 'k-expire', 'k-order', 'raw-1']) {
      const { events } = await srv.client.workflow.getHandle(id).fetchHistory();
      assert.deepEqual(
        events.map((e) => e.eventId),
        events.map((_, i) => i + 1),
        id,
      );
    }
    assert.equal((await srv.client.workflow.count(`ExecutionStatus = 'Running'`)).count, 0, 'no run is left open in default');
    await closeAll();
    assert.deepEqual(runsWithGaps(srv.dbPath), [], 'every run of every namespace has event ids 1..n');
    const pristine = path.join(tempDir(), 'pristine.db');
    SqliteStore.open({ path: pristine }).close();
    assert.equal(tablesOf(srv.dbPath), tablesOf(pristine), 'the tables are those of a new database');
  });
});
