// Nothing lost in translation, with Temporal's own SDK on a Rewind server (a SQLite file): payloads of every
// encoding (json/plain, binary/null, binary/plain, json/protobuf, binary/protobuf, a codec's), headers set by
// interceptors and user metadata (a start's, a timer's, an activity's, a child's) come back to the SDK byte
// for byte as it wrote them — also from a server restarted on the same file, to a new worker replaying them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import * as activities from '../fixtures/temporal-values/activities';
import { traceArgument } from '../fixtures/temporal-values/activity-interceptors';
import { QUERY_TRACE } from '../fixtures/temporal-values/interceptors';
import { payloadKey, RecordingXorCodec, XOR_ENCODING } from '../fixtures/temporal-values/codec';
import { payloadConverter } from '../fixtures/temporal-values/payload-converter';
import { Blob, Order } from '../fixtures/temporal-values/protobufs';
import { Client as RewindClient, Connection as RewindConnection } from '@rewind/sdk/client';
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { eventually } from '../helpers/server';
import { tempDir } from '../helpers/temp';

type Payload = temporal.api.common.v1.IPayload;
type Event = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;
const ws = temporal.api.workflowservice.v1;

const FIXTURES = path.join(__dirname, '../fixtures/temporal-values');
const PAYLOAD_CONVERTER = path.join(FIXTURES, 'payload-converter.ts');
const TASK_QUEUE = 'values';

/** The header every start and signal from the client carries: a json/plain trace and binary/plain bytes. */
const CLIENT_HEADER = {
  trace: defaultPayloadConverter.toPayload('client-trace'),
  raw: defaultPayloadConverter.toPayload(Uint8Array.from([0, 1, 2, 255])),
};
const withClientHeader = <I extends { headers: Record<string, Payload> }>(input: I): I => ({
  ...input,
  headers: { ...input.headers, ...CLIENT_HEADER },
});
const clientHeader: WorkflowClientInterceptor = {
  startWithDetails: (input, next) => next(withClientHeader(input)),
  signal: (input, next) => next(withClientHeader(input)),
  signalWithStart: (input, next) => next(withClientHeader(input)),
  query: (input, next) => next(withClientHeader(input)),
};

/** What the client sent, as the bytes on the wire, by method name. */
const sent: Array<{ method: string; bytes: Buffer }> = [];
const recordRequests: Interceptor = (options, nextCall) =>
  new InterceptingCall(nextCall(options), {
    sendMessage(message: Buffer, next) {
      sent.push({ method: options.method_definition.path.replace(/.*\//, ''), bytes: Buffer.from(message) });
      next(message);
    },
  });

function lastSent<T>(method: string, decode: (bytes: Buffer) => T, pick: (req: T) => boolean): T {
  const found = sent
    .filter((s) => s.method === method)
    .map((s) => decode(s.bytes))
    .filter(pick);
  assert.ok(found.length > 0, `the client sent ${method}`);
  return found[found.length - 1]!;
}

const isPayload = (value: object): value is Payload =>
  (value as { $type?: { fullName?: string } }).$type?.fullName === '.temporal.api.common.v1.Payload';

/** Every Payload message in a decoded message, in order. */
function payloadsOf(value: unknown, out: Payload[] = []): Payload[] {
  if (value && typeof value === 'object' && isPayload(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) payloadsOf(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) for (const v of Object.values(value)) payloadsOf(v, out);
  return out;
}

const keys = (payloads: readonly Payload[] | null | undefined): string[] => (payloads ?? []).map(payloadKey);
const headerKeys = (h: temporal.api.common.v1.IHeader | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(h?.fields ?? {}).map(([k, v]) => [k, payloadKey(v)]));
const encodingOf = (p: Payload): string => Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString();
const summaryOf = (e: Event | undefined): unknown =>
  e?.userMetadata?.summary ? payloadConverter.fromPayload(e.userMetadata.summary) : undefined;
const detailsOf = (e: Event | undefined): unknown =>
  e?.userMetadata?.details ? payloadConverter.fromPayload(e.userMetadata.details) : undefined;
const traceIn = (h: temporal.api.common.v1.IHeader | null | undefined): unknown =>
  h?.fields?.trace ? defaultPayloadConverter.fromPayload(h.fields.trace) : undefined;
const ofType = (events: readonly Event[], type: temporal.api.enums.v1.EventType): Event[] => events.filter((e) => e.eventType === type);

/** A server on the file, a worker and a client, each with the codec and the protobuf converter. */
interface Stack {
  server: RewindServer;
  native: NativeConnection;
  worker: Worker;
  running: Promise<void>;
  connection: Connection;
  client: Client;
}

describe('values byte for byte through a Rewind server, with the real Temporal SDK', function () {
  this.timeout(180_000);
  const codec = new RecordingXorCodec();
  const db = path.join(tempDir('rewind-temporal-values-'), 'rewind.db');
  let bundle: WorkflowBundleWithSourceMap;
  let stack: Stack | undefined;

  async function up(): Promise<Stack> {
    const server = await RewindServer.start({ db, port: 0, log: silentLogger });
    const native = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({
      connection: native,
      taskQueue: TASK_QUEUE,
      workflowBundle: bundle,
      activities,
      dataConverter: { payloadConverterPath: PAYLOAD_CONVERTER, payloadCodecs: [codec] },
      interceptors: { activity: [traceArgument] },
    });
    const running = worker.run();
    const connection = await Connection.connect({
      address: server.address,
      interceptors: [recordRequests, makeGrpcRetryInterceptor(defaultGrpcRetryOptions())],
    });
    const client = new Client({
      connection,
      dataConverter: { payloadConverterPath: PAYLOAD_CONVERTER, payloadCodecs: [codec] },
      interceptors: { workflow: [clientHeader] },
    });
    return { server, native, worker, running, connection, client };
  }

  async function down(s: Stack | undefined): Promise<void> {
    if (!s) return;
    s.worker.shutdown();
    await s.running;
    await s.native.close();
    await s.connection.close();
    await s.server.close();
  }

  before(async function () {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Temporal's runtime is one per process: another test file of this process installed it.
    }
    bundle = await bundleWorkflowCode({
      workflowsPath: path.join(FIXTURES, 'workflows.ts'),
      workflowInterceptorModules: [path.join(FIXTURES, 'interceptors.ts')],
      payloadConverterPath: PAYLOAD_CONVERTER,
      logger: new DefaultLogger('WARN'),
    });
    stack = await up();
  });

  after(async function () {
    await down(stack);
  });

  const ORDER = { id: 'o-1', quantity: 3 };
  const BLOB = { bytes: [1, 2, 3, 250], note: 'blob note' };
  const BYTES = [0, 1, 2, 255];
  const SECRET = 'secret sauce';

  function startCarry(s: Stack, workflowId: string) {
    return s.client.workflow.start('carry', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [Order.create(ORDER), Blob.create({ ...BLOB, bytes: Uint8Array.from(BLOB.bytes) }), Uint8Array.from(BYTES), undefined, SECRET],
      staticSummary: 'carry summary',
      staticDetails: 'carry details',
    });
  }

  /** What carry returns when every value and header arrived as sent. */
  const CARRIED = {
    orderId: ORDER.id,
    quantity: ORDER.quantity,
    note: BLOB.note,
    blobBytes: BLOB.bytes,
    bytes: BYTES,
    nothing: 'undefined',
    secret: SECRET,
    startTrace: 'client-trace',
    activity: { trace: 'from-workflow', orderId: ORDER.id, note: BLOB.note, bytes: BYTES, nothing: 'undefined', secret: SECRET },
    blobBack: { note: BLOB.note, bytes: BLOB.bytes },
    local: 'secret local',
    child: { orderId: ORDER.id, startTrace: 'from-workflow', go: { value: 'secret go', trace: 'from-workflow' } },
    released: { value: 'secret release', trace: 'client-trace' },
  };

  it('gives the SDK back every payload, header and user metadata as it wrote them', async function () {
    const s = stack!;
    const handle = await startCarry(s, 'carry-1');
    // A query's header reaches the workflow's interceptors, and describe shows the start's user metadata.
    assert.equal(await handle.query<unknown>(QUERY_TRACE), 'client-trace');
    const described = await handle.describe();
    assert.deepEqual([await described.staticSummary(), await described.staticDetails()], ['carry summary', 'carry details']);
    await handle.signal('release', 'secret release');
    assert.deepEqual(await handle.result(), CARRIED);

    const parent = (await handle.fetchHistory()).events ?? [];
    const child = (await s.client.workflow.getHandle('carry-1-child').fetchHistory()).events ?? [];

    // The start and the signal as the client sent them are the events, byte for byte.
    const start = lastSent(
      'StartWorkflowExecution',
      (b) => ws.StartWorkflowExecutionRequest.decode(b),
      (r) => r.workflowId === 'carry-1',
    );
    const started = parent[0]!.workflowExecutionStartedEventAttributes!;
    assert.deepEqual(keys(started.input?.payloads), keys(start.input?.payloads));
    assert.deepEqual(headerKeys(started.header), headerKeys(start.header));
    assert.deepEqual(Object.keys(headerKeys(started.header)).sort(), ['raw', 'trace']);
    assert.equal(payloadKey(parent[0]!.userMetadata!.summary!), payloadKey(start.userMetadata!.summary!));
    assert.equal(payloadKey(parent[0]!.userMetadata!.details!), payloadKey(start.userMetadata!.details!));
    const signal = lastSent(
      'SignalWorkflowExecution',
      (b) => ws.SignalWorkflowExecutionRequest.decode(b),
      (r) => r.workflowExecution?.workflowId === 'carry-1',
    );
    const signaled = ofType(parent, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)[0]!.workflowExecutionSignaledEventAttributes!;
    assert.deepEqual(keys(signaled.input?.payloads), keys(signal.input?.payloads));
    assert.deepEqual(headerKeys(signaled.header), headerKeys(signal.header));

    // Every payload in the histories is one the SDK wrote: through its codec, or made by the interceptors and
    // the user-metadata helpers, which no codec sees (nor the local activity marker's data, which its core
    // writes). And what the SDK read back is what it wrote.
    const madeOutsideTheCodec = new Set(
      [...Object.values(CLIENT_HEADER), defaultPayloadConverter.toPayload('from-workflow')]
        .concat(
          ['nap', 'echo summary', 'local summary', 'child summary', 'child details', 'carry summary', 'carry details'].map((t) =>
            payloadConverter.toPayload(t),
          ),
        )
        .map(payloadKey)
        .concat(
          ofType(parent, EventType.EVENT_TYPE_MARKER_RECORDED).flatMap((e) =>
            keys(e.markerRecordedEventAttributes?.details?.data?.payloads),
          ),
        ),
    );
    const all = payloadsOf([parent, child]);
    for (const p of all) {
      const key = payloadKey(p);
      assert.ok(codec.written.has(key) || madeOutsideTheCodec.has(key), `a payload the SDK did not write: ${encodingOf(p)} ${key}`);
    }
    assert.ok(codec.read.length > 0);
    for (const key of codec.read) assert.ok(codec.written.has(key), `the SDK read a payload it did not write: ${key}`);
    assert.deepEqual(
      [...new Set(all.map(encodingOf))].sort(),
      ['binary/null', 'binary/plain', 'binary/protobuf', XOR_ENCODING, 'json/plain', 'json/protobuf'].sort(),
    );

    // User metadata: the start's, the timer's, the activities', the local activity's marker's, the child's (on its initiation and its start).
    assert.deepEqual([summaryOf(parent[0]), detailsOf(parent[0])], ['carry summary', 'carry details']);
    assert.equal(summaryOf(ofType(parent, EventType.EVENT_TYPE_TIMER_STARTED)[0]), 'nap');
    assert.deepEqual(ofType(parent, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).map(summaryOf), ['echo summary', 'echo summary']);
    assert.deepEqual(ofType(parent, EventType.EVENT_TYPE_MARKER_RECORDED).map(summaryOf), ['local summary']);
    const initiated = ofType(parent, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)[0];
    assert.deepEqual([summaryOf(initiated), detailsOf(initiated)], ['child summary', 'child details']);
    assert.deepEqual([summaryOf(child[0]), detailsOf(child[0])], ['child summary', 'child details']);

    // Headers the workflow set: on its activities, its child (initiated, started, and the child's start), its signal to the child.
    for (const e of ofType(parent, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)) {
      assert.equal(traceIn(e.activityTaskScheduledEventAttributes!.header), 'from-workflow');
    }
    assert.equal(traceIn(initiated!.startChildWorkflowExecutionInitiatedEventAttributes!.header), 'from-workflow');
    const childStarted = ofType(parent, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)[0]!;
    assert.equal(traceIn(childStarted.childWorkflowExecutionStartedEventAttributes!.header), 'from-workflow');
    assert.equal(traceIn(child[0]!.workflowExecutionStartedEventAttributes!.header), 'from-workflow');
    const signalOut = ofType(parent, EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)[0]!;
    assert.equal(traceIn(signalOut.signalExternalWorkflowExecutionInitiatedEventAttributes!.header), 'from-workflow');
    const childSignaled = ofType(child, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)[0]!;
    assert.equal(traceIn(childSignaled.workflowExecutionSignaledEventAttributes!.header), 'from-workflow');

    // Rewind's side reads the json/plain ones and says what the others are.
    const rewind = new RewindClient({ connection: await RewindConnection.connect({ address: s.server.address }) });
    try {
      // The result holds secrets: the codec wrote it, and only the codec reads it.
      await assert.rejects(
        rewind.workflow.getHandle('carry-1').result(),
        /carry-1: it is a binary\/xor payload of \d+ bytes.*Decode with your codec/,
      );
      const rewindStarted = (await rewind.workflow.getHandle('carry-1').fetchHistory()).events[0]!;
      assert.ok(rewindStarted.type === 'WorkflowExecutionStarted');
      assert.equal(rewindStarted.header?.trace, 'client-trace');
      assert.deepEqual(rewindStarted.userMetadata, { summary: 'carry summary', details: 'carry details' });
      assert.match(
        displayJson(rewindStarted.input) ?? '',
        /^\[‹json\/protobuf, \d+ bytes: a protobuf message›,‹binary\/protobuf, \d+ bytes: a protobuf message›,‹binary\/plain, 4 bytes›,null,‹binary\/xor, \d+ bytes: decode with your codec›\]$/,
      );
    } finally {
      await rewind.connection.close();
    }
  });

  it('carries a continue-as-new header to the next run', async function () {
    const s = stack!;
    const handle = await s.client.workflow.start('continuing', { taskQueue: TASK_QUEUE, workflowId: 'continuing-1', args: [0] });
    assert.equal(await handle.result(), 'from-workflow');
    const first = (await s.client.workflow.getHandle('continuing-1', handle.firstExecutionRunId).fetchHistory()).events ?? [];
    const continued = ofType(first, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)[0]!;
    assert.equal(traceIn(continued.workflowExecutionContinuedAsNewEventAttributes!.header), 'from-workflow');
    assert.equal(traceIn(first[0]!.workflowExecutionStartedEventAttributes!.header), 'client-trace');
  });

  it('after a restart on the same file: the same bytes, and a new worker replays an open run from the store', async function () {
    let s = stack!;
    const closed = await startCarry(s, 'carry-2');
    await closed.signal('release', 'secret release');
    await closed.result();
    const open = await startCarry(s, 'carry-3');
    // Its child has done all it does (the parent then waits for the client's signal).
    await eventually(
      async () => ofType((await open.fetchHistory()).events ?? [], EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)[0],
    );
    await s.client.workflow.getHandle('carry-3-child').result();
    const bytesOf = async (c: Client, workflowId: string): Promise<Buffer> =>
      Buffer.from(temporal.api.history.v1.History.encode(await c.workflow.getHandle(workflowId).fetchHistory()).finish());
    const before = { parent: await bytesOf(s.client, 'carry-2'), child: await bytesOf(s.client, 'carry-2-child') };

    await down(s);
    stack = undefined;
    s = stack = await up();

    assert.ok((await bytesOf(s.client, 'carry-2')).equals(before.parent), 'the closed run, byte for byte');
    assert.ok((await bytesOf(s.client, 'carry-2-child')).equals(before.child), 'its child, byte for byte');
    // The new worker has no cache: the run's next task replays its whole history, read from the file.
    const readBefore = codec.read.length;
    await s.client.workflow.getHandle(open.workflowId).signal('release', 'secret release');
    assert.deepEqual(await s.client.workflow.getHandle(open.workflowId).result(), CARRIED);
    assert.ok(codec.read.length > readBefore);
    for (const key of codec.read) assert.ok(codec.written.has(key), `the SDK read a payload it did not write: ${key}`);
  });
});
