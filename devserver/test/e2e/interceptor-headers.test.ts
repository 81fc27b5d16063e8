// Interceptor headers as Temporal's Payloads on a Rewind worker: one interceptor module written for
// Temporal's SDK (fixtures/interceptor-headers) puts a header on every outbound call (activity, local
// activity, child, signal, continue-as-new) with defaultPayloadConverter and reads it on the inbound side;
// the activity interceptors read theirs; the history keeps json/plain as its JSON value and binary/plain
// byte for byte; Worker.runReplayHistory gives the inbound interceptors the same headers; and a header a
// Temporal SDK client sets (start, query, signal, through the gRPC frontend) reaches the same module.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client as TemporalClient, Connection as TemporalConnection, type WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter as temporalConverter, type Payload as TemporalPayload } from '@temporalio/common';
import { defaultPayloadConverter } from '@rewind/sdk/common';
import { Worker, type ActivityInterceptorsFactory, type InjectedSinks } from '@rewind/sdk/worker';
import type { WorkflowInfo } from '@rewind/sdk/workflow';
import type { History, HistoryEvent } from '@rewind/sdk/protocol';
import { RAW, type SeenSinks } from '../fixtures/interceptor-headers/interceptors';
import * as activities from '../fixtures/interceptor-headers/activities';
import { startServer, startWorker, type TestServer } from '../helpers/server';

const fixtures = path.join(__dirname, '../fixtures/interceptor-headers');
const workflowsPath = path.join(fixtures, 'workflows.ts');
const workflowModules = [path.join(fixtures, 'interceptors.ts')];
const taskQueue = 'interceptor-headers';

/** What an inbound interceptor reported: the workflow, the call, the header's `hop` and `raw` bytes. */
type Seen = [workflowId: string, call: string, hop: unknown, raw: number[] | null];

/** The sink, recording into `into` (during replay too when `duringReplay`). */
const seenSinks = (into: Seen[], duringReplay = false): InjectedSinks<SeenSinks> => ({
  seen: {
    header: {
      fn: (info: WorkflowInfo, call, hop, raw) => void into.push([info.workflowId, call, hop, raw]),
      callDuringReplay: duringReplay,
    },
  },
});

/** The encoded payload Rewind keeps for bytes Temporal's converter wrote (binary/plain), base64 as on the wire. */
const RAW_ON_THE_WIRE = {
  '$rewind:encoded': { metadata: { encoding: Buffer.from('binary/plain').toString('base64') }, data: Buffer.from(RAW).toString('base64') },
};

const headerOf = (e: HistoryEvent | undefined): unknown => (e && 'header' in e ? e.header : undefined);

describe('interceptor headers as Temporal Payloads on a Rewind worker', function () {
  this.timeout(60_000);
  let srv: TestServer;
  let stop: () => Promise<void>;
  const seen: Seen[] = [];
  /** What the activity interceptors read: local or not, `hop`, `raw` bytes. */
  const activitySeen: [boolean, unknown, number[]][] = [];
  const readHeaders: ActivityInterceptorsFactory = (ctx) => ({
    inbound: {
      execute: (input, next) => {
        const raw = input.headers.raw ? defaultPayloadConverter.fromPayload<Uint8Array>(input.headers.raw) : new Uint8Array();
        const hop = input.headers.hop ? defaultPayloadConverter.fromPayload(input.headers.hop) : undefined;
        activitySeen.push([ctx.info.isLocal, hop, [...raw]]);
        return next(input);
      },
    },
  });

  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, {
      taskQueue,
      workflowsPath,
      activities,
      interceptors: { workflowModules, activity: [readHeaders] },
      sinks: seenSinks(seen),
    }));
  });
  after(async function () {
    await stop?.();
    await srv?.close();
  });

  const histories: Record<string, History> = {};

  it('carries the header of every outbound call to the other side, byte for byte', async function () {
    const handle = await srv.client.workflow.start('hops', { taskQueue, workflowId: 'hops-1', args: [0] });
    assert.equal(await handle.result(), 'round 1');

    assert.deepEqual(activitySeen, [
      [false, 'hops-1:activity', RAW],
      [true, 'hops-1:localActivity', RAW],
    ]);
    const byRun = (id: string) => seen.filter(([w]) => w === id).map(([, ...rest]) => rest);
    assert.deepEqual(byRun('hops-1-child'), [
      ['execute listener', 'hops-1:child', RAW],
      ['signal poke', 'hops-1:signal', RAW],
    ]);
    assert.deepEqual(byRun('hops-1'), [
      ['execute hops', 'none', null],
      ['execute hops', 'hops-1:continueAsNew', RAW],
    ]);

    // The history keeps json/plain as its JSON value, binary/plain as the bytes Temporal's converter wrote.
    const first = await srv.client.workflow.getHandle('hops-1', handle.firstExecutionRunId).fetchHistory();
    const find = (type: HistoryEvent['type']) => first.events.find((e) => e.type === type);
    const expected = (call: string) => ({ hop: `hops-1:${call}`, raw: RAW_ON_THE_WIRE });
    assert.deepEqual(headerOf(find('ActivityTaskScheduled')), expected('activity'));
    assert.deepEqual(headerOf(find('StartChildWorkflowExecutionInitiated')), expected('child'));
    assert.deepEqual(headerOf(find('SignalExternalWorkflowExecutionInitiated')), expected('signal'));
    assert.deepEqual(headerOf(find('WorkflowExecutionContinuedAsNew')), expected('continueAsNew'));
    histories.first = first;
    histories.next = await srv.client.workflow.getHandle('hops-1').fetchHistory();
    histories.child = await srv.client.workflow.getHandle('hops-1-child').fetchHistory();
  });

  it('gives the inbound interceptors the same headers in Worker.runReplayHistory', async function () {
    assert.ok(histories.first, 'the live test ran');
    const replayed: Seen[] = [];
    const runs: [History, string][] = [
      [histories.first, 'hops-1'],
      [histories.child!, 'hops-1-child'],
      [histories.next!, 'hops-1'],
    ];
    for (const [history, workflowId] of runs) {
      await Worker.runReplayHistory(
        { workflowsPath, interceptors: { workflowModules }, sinks: seenSinks(replayed, true) },
        history,
        workflowId,
      );
    }
    assert.deepEqual(replayed, [
      ['hops-1', 'execute hops', 'none', null],
      ['hops-1-child', 'execute listener', 'hops-1:child', RAW],
      ['hops-1-child', 'signal poke', 'hops-1:signal', RAW],
      ['hops-1', 'execute hops', 'hops-1:continueAsNew', RAW],
    ]);
  });

  it("gives the inbound interceptors the headers of a Temporal history's start, update and signal in Worker.runReplayHistory", async function () {
    const b64 = (bytes: string | Uint8Array): string => Buffer.from(bytes).toString('base64');
    const json = (value: unknown) => ({ metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(value)) });
    const stamp = (call: string) => ({
      fields: { hop: json(`temporal:${call}`), raw: { metadata: { encoding: b64('binary/plain') }, data: b64(Uint8Array.from(RAW)) } },
    });
    /** A workflow task's scheduled, started and completed events, the first numbered `first`. */
    const task = (first: number): [string, Record<string, unknown>][] => [
      ['WORKFLOW_TASK_SCHEDULED', { taskQueue: { name: taskQueue }, startToCloseTimeout: '10s', attempt: 1 }],
      ['WORKFLOW_TASK_STARTED', { scheduledEventId: String(first), identity: 'test', requestId: `r-${first}` }],
      ['WORKFLOW_TASK_COMPLETED', { scheduledEventId: String(first), startedEventId: String(first + 1), identity: 'test' }],
    ];
    // What `temporal workflow show -o json` prints for a run that took an update and a signal, each with a header.
    const attributes: [string, Record<string, unknown>][] = [
      [
        'WORKFLOW_EXECUTION_STARTED',
        {
          workflowType: { name: 'listener' },
          taskQueue: { name: taskQueue },
          input: { payloads: [] },
          workflowTaskTimeout: '10s',
          originalExecutionRunId: 'run-1',
          firstExecutionRunId: 'run-1',
          attempt: 1,
          header: stamp('start'),
        },
      ],
      ...task(2),
      ...task(5),
      [
        'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        {
          protocolInstanceId: 'u-1',
          acceptedRequestMessageId: 'u-1/request',
          acceptedRequestSequencingEventId: '5',
          acceptedRequest: {
            meta: { updateId: 'u-1', identity: 'ops' },
            input: { name: 'rename', args: { payloads: [json('renamed')] }, header: stamp('update') },
          },
        },
      ],
      [
        'WORKFLOW_EXECUTION_UPDATE_COMPLETED',
        { meta: { updateId: 'u-1' }, acceptedEventId: '8', outcome: { success: { payloads: [json('renamed')] } } },
      ],
      [
        'WORKFLOW_EXECUTION_SIGNALED',
        { signalName: 'poke', input: { payloads: [json('temporal')] }, identity: 'ops', header: stamp('signal') },
      ],
      ...task(11),
      ['WORKFLOW_EXECUTION_COMPLETED', { result: { payloads: [json('renamed poked by temporal')] }, workflowTaskCompletedEventId: '13' }],
    ];
    const temporalHistory = {
      events: attributes.map(([type, a], i) => ({
        eventId: String(i + 1),
        eventTime: new Date(Date.UTC(2024, 4, 1, 12, 0, i)).toISOString(),
        eventType: `EVENT_TYPE_${type}`,
        [`${type.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}EventAttributes`]: a,
      })),
    };
    const replayed: Seen[] = [];
    await Worker.runReplayHistory(
      { workflowsPath, interceptors: { workflowModules }, sinks: seenSinks(replayed, true) },
      temporalHistory,
      'from-a-temporal-cluster',
    );
    assert.deepEqual(replayed, [
      ['from-a-temporal-cluster', 'execute listener', 'temporal:start', RAW],
      ['from-a-temporal-cluster', 'update rename', 'temporal:update', RAW],
      ['from-a-temporal-cluster', 'signal poke', 'temporal:signal', RAW],
    ]);
  });

  it('gives the module the header a Temporal SDK client sets on a start, a query and a signal (gRPC frontend)', async function () {
    const stamp = (call: string): Record<string, TemporalPayload> => ({
      hop: temporalConverter.toPayload(`temporal-client:${call}`),
      raw: temporalConverter.toPayload(Uint8Array.from(RAW)),
    });
    const stamping: WorkflowClientInterceptor = {
      start: (input, next) => next({ ...input, headers: { ...input.headers, ...stamp('start') } }),
      query: (input, next) => next({ ...input, headers: { ...input.headers, ...stamp('query') } }),
      signal: (input, next) => next({ ...input, headers: { ...input.headers, ...stamp('signal') } }),
    };
    const connection = await TemporalConnection.connect({ address: srv.address });
    try {
      const client = new TemporalClient({ connection, interceptors: { workflow: [stamping] } });
      const handle = await client.workflow.start('listener', { taskQueue, workflowId: 'from-temporal' });
      assert.equal(await handle.query('state'), 'listening');
      await handle.signal('poke', 'temporal');
      assert.equal(await handle.result(), 'listening poked by temporal');
    } finally {
      await connection.close();
    }
    assert.deepEqual(
      seen.filter(([w]) => w === 'from-temporal'),
      [
        ['from-temporal', 'execute listener', 'temporal-client:start', RAW],
        ['from-temporal', 'query state', 'temporal-client:query', RAW],
        ['from-temporal', 'signal poke', 'temporal-client:signal', RAW],
      ],
    );
  });
});
