// Hostile input over Temporal's gRPC API, seeded (REWIND_FUZZ_SEED replays a run): random and hostile
// protobuf requests for every method the server serves of Temporal's WorkflowService, OperatorService and
// TestService (the server has time skipping, so it serves TestService's), and bytes that are not protobuf.
// Each gets a gRPC status with a message (never INTERNAL, never a hang past its deadline but a sleep's in the
// server's time); afterwards the server runs a workflow end to end in both dialects, and the runs that existed
// keep their histories.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import type * as workflows from '../fixtures/workflows';
import { GrpcFuzzGenerator, serviceMethods, TEMPORAL_SERVICES, type ReflectedType } from '../helpers/fuzz-grpc';
import { RawGrpc, req, startRaw, ws } from '../helpers/grpc-raw';
import { seededRandom, seedFrom } from '../helpers/seeded-random';
import { startServer, startWorker, type TestServer } from '../helpers/server';

type W = typeof workflows;
// A fixed seed unless REWIND_FUZZ_SEED names one (seedFrom would pick a new one each run).
const SEED = process.env.REWIND_FUZZ_SEED ? seedFrom('REWIND_FUZZ_SEED') : 16;
const ITERATIONS = 1500;
const DEADLINE_MS = 3_000;
const KEEPERS = 'grpc-fuzz-keepers'; // no generated request names it: its runs must be left alone
const enums = temporal.api.enums.v1;
/**
 * TestService's sleeps wait for the server's clock to move on, as on Temporal's test server, past a deadline if
 * asked to: they get a short one, and may miss it.
 */
const SLEEPS = new Set(['Sleep', 'SleepUntil', 'UnlockTimeSkippingWithSleep']);
const SLEEP_DEADLINE_MS = 300;

describe(`grpc fuzz: hostile requests to every method of WorkflowService, OperatorService and TestService (seed ${SEED})`, function () {
  this.timeout(60_000);
  let srv: TestServer;
  let raw: RawGrpc;
  const keeperHistories = new Map<string, string[]>();

  const historyShape = async (workflowId: string): Promise<string[]> => {
    const answer = await raw.send(
      'GetWorkflowExecutionHistory',
      req(ws.GetWorkflowExecutionHistoryRequest, { namespace: 'default', execution: { workflowId } }),
      ws.GetWorkflowExecutionHistoryResponse,
    );
    assert.ok(answer.ok, `history of ${workflowId}: ${JSON.stringify(answer)} (seed ${SEED})`);
    return (answer.response.history?.events ?? []).map((e) => `${String(e.eventId)}:${enums.EventType[e.eventType ?? 0]}`);
  };

  before(async function () {
    console.log(`    grpc fuzz seed ${SEED} (replay with REWIND_FUZZ_SEED=${SEED})`);
    // Locked time skipping: TestService is served, and time moves as on a server without it unless a test unlocks it.
    srv = await startServer({ timeSkipping: 'locked' });
    raw = new RawGrpc(srv.address);
    for (const workflowId of ['keeper-grpc-0', 'keeper-grpc-1']) {
      const started = await startRaw(raw, workflowId, KEEPERS);
      assert.ok(started.ok);
    }
    await srv.client.workflow.start('approval', { taskQueue: KEEPERS, workflowId: 'keeper-ws', args: [1] });
    for (const id of ['keeper-grpc-0', 'keeper-grpc-1', 'keeper-ws']) keeperHistories.set(id, await historyShape(id));
  });

  after(async function () {
    raw?.close();
    await srv?.close();
  });

  it(`answers each of ${ITERATIONS} hostile requests with a gRPC status that says what is wrong`, async function () {
    const rnd = seededRandom(SEED);
    const methods = TEMPORAL_SERVICES.flatMap((service) =>
      serviceMethods(service).map((m) => ({ service, name: m.name, type: m.resolve().resolvedRequestType as ReflectedType })),
    );
    // The methods the server serves: every other answers UNIMPLEMENTED naming itself.
    const served: typeof methods = [];
    for (const m of methods) {
      const answer = await raw.call(m.name, m.type.encode({}).finish(), DEADLINE_MS, m.service);
      if (!answer.ok && answer.code === grpc.status.UNIMPLEMENTED)
        assert.match(answer.details, new RegExp(`^${m.name} is not served by Rewind`));
      else served.push(m);
    }
    for (const service of TEMPORAL_SERVICES) {
      const of = served.filter((m) => m.service === service).length;
      assert.ok(of >= (service.endsWith('WorkflowService') ? 25 : 3), `${of} methods of ${service} served`);
    }
    const gen = new GrpcFuzzGenerator(rnd, {
      namespaces: ['default', 'default', 'default', 'no-such-ns', '', '__proto__'],
      workflowIds: ['victim', 'constructor', 's-1'], // never a keeper's id: what the fuzzer may do to its targets is legitimate
      taskQueues: ['fuzz-q', '', 'toString'],
      taskTokens: [
        Buffer.from('w:2:1:0123456789ab:no-such-run'),
        Buffer.from('a:5:1:no-such-run'),
        Buffer.from('query:no-such-query'),
        Buffer.from('w:1:1:'),
        Buffer.from([0xff, 0xfe]),
      ],
    });
    const problems: string[] = [];
    const counts: Record<string, number> = {};
    const started = Date.now();
    for (let i = 0; i < ITERATIONS; i += 10) {
      // Ten at a time: concurrent calls on one connection, as a worker makes them.
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          const m = rnd.pick(served);
          const bytes = gen.request(m.type);
          const answer = await raw.call(m.name, bytes, SLEEPS.has(m.name) ? SLEEP_DEADLINE_MS : DEADLINE_MS, m.service);
          const status = answer.ok ? 'OK' : answer.status;
          counts[status] = (counts[status] ?? 0) + 1;
          if (answer.ok) return;
          const sent = Buffer.from(bytes).toString('base64').slice(0, 200);
          if (answer.code === grpc.status.INTERNAL || answer.code === grpc.status.UNKNOWN)
            problems.push(`${m.name}: ${answer.status} ${answer.details}\n    sent (base64): ${sent}`);
          else if (answer.code === grpc.status.DEADLINE_EXCEEDED && !SLEEPS.has(m.name))
            problems.push(`${m.name}: no answer within ${DEADLINE_MS} ms\n    sent (base64): ${sent}`);
          else if (answer.details.length < 10)
            problems.push(`${m.name}: ${answer.status} without a message that says what is wrong: '${answer.details}'`);
        }),
      );
    }
    console.log(`    grpc fuzz: ${ITERATIONS} requests in ${Date.now() - started} ms: ${JSON.stringify(counts)} (seed ${SEED})`);
    assert.equal(
      problems.length,
      0,
      `${problems.length} problem(s) with seed ${SEED} (rerun with REWIND_FUZZ_SEED=${SEED}):\n  ${problems.slice(0, 10).join('\n  ')}`,
    );
  });

  it('afterwards: a workflow runs end to end in both dialects, and the runs that existed keep their histories', async function () {
    for (const [id, shape] of keeperHistories) assert.deepEqual(await historyShape(id), shape, `${id} (seed ${SEED})`);
    // Rewind's dialect: its worker runs the keeper to completion.
    const { stop } = await startWorker(srv.address, { taskQueue: KEEPERS });
    try {
      const h = srv.client.workflow.getHandle<W['approval']>('keeper-ws');
      await h.signal('approve', 'ada');
      assert.equal(await h.result(), 'approved by ada');
    } finally {
      await stop();
    }
    // Temporal's dialect: a raw worker polls a task and completes the run.
    const started = await raw.send(
      'StartWorkflowExecution',
      req(ws.StartWorkflowExecutionRequest, {
        namespace: 'default',
        workflowId: 'after-fuzz',
        workflowType: { name: 'raw' },
        taskQueue: { name: 'after-fuzz-q' },
        requestId: randomUUID(),
      }),
      ws.StartWorkflowExecutionResponse,
    );
    assert.ok(started.ok);
    const task = await raw.send(
      'PollWorkflowTaskQueue',
      req(ws.PollWorkflowTaskQueueRequest, { namespace: 'default', taskQueue: { name: 'after-fuzz-q' }, identity: 'after' }),
      ws.PollWorkflowTaskQueueResponse,
      15_000,
    );
    assert.ok(task.ok && task.response.taskToken?.length);
    const done = await raw.send(
      'RespondWorkflowTaskCompleted',
      req(ws.RespondWorkflowTaskCompletedRequest, {
        namespace: 'default',
        taskToken: task.response.taskToken,
        commands: [
          { commandType: enums.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} },
        ],
      }),
      ws.RespondWorkflowTaskCompletedResponse,
    );
    assert.ok(done.ok, JSON.stringify(done));
    assert.match((await historyShape('after-fuzz')).at(-1)!, /WORKFLOW_EXECUTION_COMPLETED/);
  });
});
