// Histories exported from Temporal (proto3 JSON, fixtures written from Temporal's documented format)
// convert to Rewind's and replay with the same workflow code; what Rewind cannot read is refused by name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { EventOf, History, HistoryEventType } from '@rewind/sdk/protocol';
import { DeterminismViolationError, Worker, bundleWorkflowCode, parseHistory } from '@rewind/sdk/worker';
import { ValueError } from '@rewind/sdk/common';
import { convertTemporalHistory, isTemporalHistory } from '@rewind/sdk/internal/worker/temporal-history/temporal-history';

const ORDER_WORKFLOWS = path.join(__dirname, '../../samples/order/workflows.ts');
const TEST_WORKFLOWS = path.join(__dirname, 'fixtures/workflows.ts');

type TemporalEvent = Record<string, unknown> & { eventId: string; eventType: string };
interface TemporalHistory {
  events: TemporalEvent[];
}

function loadGolden(name: string): History {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'histories', `${name}.json`), 'utf8')) as History;
}

function loadTemporal(name: string): TemporalHistory {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/temporal', `${name}.json`), 'utf8')) as TemporalHistory;
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const jsonPayload = (value: unknown) => ({ metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(value)) });

function ofType<T extends HistoryEventType>(h: History, type: T): EventOf<T>[] {
  return h.events.filter((e): e is EventOf<T> => e.type === type);
}

/** Inserts a Temporal event before index `at`, shifting later ids and every reference to them. */
function insertEvent(h: TemporalHistory, at: number, event: Omit<TemporalEvent, 'eventId'>): TemporalHistory {
  const shift = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(shift);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, /EventId$/.test(k) && Number(v) > at ? String(Number(v) + 1) : shift(v)]),
    );
  };
  const events = h.events.map((e, i) => (i < at ? e : ({ ...(shift(e) as TemporalEvent), eventId: String(i + 2) } as TemporalEvent)));
  events.splice(at, 0, { ...event, eventId: String(at + 1) } as TemporalEvent);
  return { events };
}

/** The order history's first workflow task (events 1–4) followed by `more`, numbered on. */
function afterFirstTask(...more: Omit<TemporalEvent, 'eventId'>[]): TemporalHistory {
  const head = loadTemporal('order').events.slice(0, 4);
  return { events: [...head, ...more.map((e, i) => ({ ...e, eventId: String(i + 5) }) as TemporalEvent)] };
}

const ORDER_TYPES: HistoryEventType[] = [
  'WorkflowExecutionStarted',
  ...(['ActivityTaskScheduled', 'TimerStarted', 'ActivityTaskScheduled', 'ActivityTaskScheduled'] as const).flatMap(
    (scheduled): HistoryEventType[] => [
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      scheduled,
      ...(scheduled === 'TimerStarted' ? (['TimerFired'] as const) : (['ActivityTaskStarted', 'ActivityTaskCompleted'] as const)),
    ],
  ),
  'WorkflowTaskScheduled',
  'WorkflowTaskStarted',
  'WorkflowTaskCompleted',
  'WorkflowExecutionCompleted',
];

describe('Temporal histories', function () {
  describe('conversion', function () {
    it('converts the order sample exported with EVENT_TYPE_ names', function () {
      const h = parseHistory(loadTemporal('order'));
      assert.equal(h.events.length, 28);
      assert.deepEqual(
        h.events.map((e) => e.type),
        ORDER_TYPES,
      );
      assert.deepEqual(
        h.events.map((e) => e.eventId),
        h.events.map((_, i) => i + 1),
      );
      assert.equal(h.workflowId, 'order-1');
      const started = h.events[0] as EventOf<'WorkflowExecutionStarted'>;
      assert.deepEqual(started.input, ['order-1']);
      assert.equal(started.workflowTaskTimeoutMs, 10_000);
      assert.equal(started.originalExecutionRunId, 'b6f1c9c0-3f7e-4c1a-9d2a-6f0b1f3b7a11');
      assert.equal(started.eventTime, '2024-05-01T12:00:00.000Z', 'nanoseconds cut to milliseconds');
      assert.equal(started.workflowExecutionTimeoutMs, undefined, '"0s" means not set');
      const scheduled = ofType(h, 'ActivityTaskScheduled');
      assert.deepEqual(
        scheduled.map((e) => [e.activityId, e.activityType, e.input]),
        [
          ['1', 'processPayment', ['order-1']],
          ['2', 'updateInventory', ['order-1']],
          ['3', 'sendEmail', ['order-1', 'confirmed']],
        ],
      );
      assert.equal(scheduled[0]!.startToCloseTimeoutMs, 300_000);
      assert.deepEqual(scheduled[0]!.retryPolicy, {
        initialIntervalMs: 1000,
        backoffCoefficient: 2,
        maximumIntervalMs: 100_000,
        maximumAttempts: 0,
        nonRetryableErrorTypes: [],
      });
      assert.equal(scheduled[1]!.workflowTaskCompletedEventId, 15);
      const completed = ofType(h, 'ActivityTaskCompleted');
      assert.deepEqual(
        completed.map((e) => [e.scheduledEventId, e.startedEventId, e.result]),
        [
          [5, 6, 'payment-order-1'],
          [16, 17, undefined],
          [22, 23, undefined],
        ],
      );
      assert.ok(!('result' in completed[1]!), 'binary/null is undefined: the field is left out');
      const [timer] = ofType(h, 'TimerStarted');
      assert.deepEqual([timer!.timerId, timer!.startToFireTimeoutMs, timer!.workflowTaskCompletedEventId], ['1', 10_000, 10]);
      const end = h.events[27] as EventOf<'WorkflowExecutionCompleted'>;
      assert.equal(end.result, 'order order-1 confirmed (payment-order-1)');
      assert.equal(end.workflowTaskCompletedEventId, 27);
    });

    it('converts the older export style (WorkflowExecutionStarted names, Normal enum values) the same way', function () {
      const old = loadTemporal('order-old-style');
      assert.equal(old.events[0]!.eventType, 'WorkflowExecutionStarted');
      const h = parseHistory(old);
      assert.deepEqual(
        h.events.map((e) => e.type),
        ORDER_TYPES,
      );
      assert.deepEqual((h.events[0] as EventOf<'WorkflowExecutionStarted'>).input, ['order-7']);
      assert.deepEqual(
        ofType(h, 'ActivityTaskScheduled').map((e) => e.activityType),
        ['processPayment', 'updateInventory', 'sendEmail'],
      );
      assert.equal(h.workflowId, undefined, 'older servers do not write the workflow id into the started event');
    });

    it('converts a retried activity, a signal and a failed activity with their failures', function () {
      const h = parseHistory(loadTemporal('sequence-retried-signal'));
      assert.equal(h.events.length, 26);
      const [greetStarted, chargeStarted] = ofType(h, 'ActivityTaskStarted');
      assert.equal(greetStarted!.attempt, 3);
      assert.deepEqual(greetStarted!.lastFailure, {
        message: 'connect ECONNRESET 10.0.0.7:443',
        stackTrace: 'Error: connect ECONNRESET 10.0.0.7:443\n    at greet (activities.ts:12:11)',
        source: 'TypeScriptSDK',
        info: { type: 'application', errorType: 'Error', nonRetryable: false },
      });
      assert.equal(chargeStarted!.lastFailure, undefined);
      const [signal] = ofType(h, 'WorkflowExecutionSignaled');
      assert.deepEqual(
        [signal!.eventId, signal!.signalName, signal!.input, signal!.identity],
        [12, 'approve', [true], 'temporal-cli:ops@laptop'],
      );
      const [failed] = ofType(h, 'ActivityTaskFailed');
      assert.equal(failed!.retryState, 'NON_RETRYABLE_FAILURE');
      assert.deepEqual(failed!.failure.info, {
        type: 'application',
        errorType: 'CardDeclined',
        nonRetryable: true,
        details: [{ amount: 42 }],
      });
      const end = h.events[25] as EventOf<'WorkflowExecutionFailed'>;
      assert.equal(end.type, 'WorkflowExecutionFailed');
      assert.equal(end.retryState, 'RETRY_POLICY_NOT_SET');
      assert.deepEqual(end.failure.info, {
        type: 'activity',
        activityType: 'charge',
        activityId: '2',
        retryState: 'NON_RETRYABLE_FAILURE',
        scheduledEventId: 20,
        startedEventId: 21,
        identity: '977@billing-worker-2',
      });
      assert.equal(end.failure.cause?.message, 'card declined');
      assert.equal(end.failure.cause?.info.type, 'application');
    });

    it('reads the patch marker of Temporal’s core, in its JSON form and in its older raw-bytes form', function () {
      const h = parseHistory(loadTemporal('versioned-patch'));
      const [marker] = ofType(h, 'MarkerRecorded');
      assert.deepEqual([marker!.markerName, marker!.details], ['core_patch', { patchId: 'new-greeting', deprecated: false }]);

      const older = loadTemporal('versioned-patch');
      const attrs = older.events[4]!.markerRecordedEventAttributes as { details: unknown };
      attrs.details = {
        patch_id: { payloads: [{ data: b64('new-greeting') }] },
        deprecated: { payloads: [{ data: b64(Buffer.from([1])) }] },
      };
      const [olderMarker] = ofType(parseHistory(older), 'MarkerRecorded');
      assert.deepEqual(olderMarker!.details, { patchId: 'new-greeting', deprecated: true });
    });

    it('reads a local activity marker into the details Rewind’s replayer reads', function () {
      const h = convertTemporalHistory(
        afterFirstTask({
          eventTime: '2024-05-01T12:00:01Z',
          eventType: 'EVENT_TYPE_MARKER_RECORDED',
          markerRecordedEventAttributes: {
            markerName: 'core_local_activity',
            details: {
              data: { payloads: [jsonPayload({ seq: 1, attempt: 2, activity_id: '1', activity_type: 'lookup', backoff: null })] },
              result: { payloads: [jsonPayload({ found: true })] },
            },
            workflowTaskCompletedEventId: '4',
          },
        }),
      );
      const marker = h.events[4] as EventOf<'MarkerRecorded'>;
      assert.deepEqual(marker.details, { seq: 1, activityId: '1', activityType: 'lookup', attempt: 2, result: { found: true } });
      assert.equal(marker.workflowTaskCompletedEventId, 4);
    });

    it('reads updates (the request from the admitted event when the accepted one leaves it out), skipping the admitted event', function () {
      const request = { meta: { updateId: 'u-1', identity: 'ops' }, input: { name: 'setDiscount', args: { payloads: [jsonPayload(10)] } } };
      const h = convertTemporalHistory(
        insertEvent(
          afterFirstTask(
            {
              eventTime: '2024-05-01T12:00:01Z',
              eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
              workflowExecutionUpdateAcceptedEventAttributes: { protocolInstanceId: 'u-1', acceptedRequestMessageId: 'u-1/request' },
            },
            {
              eventTime: '2024-05-01T12:00:01Z',
              eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED',
              workflowExecutionUpdateCompletedEventAttributes: {
                meta: { updateId: 'u-1' },
                acceptedEventId: '5',
                outcome: { success: { payloads: [jsonPayload('ok')] } },
              },
            },
          ),
          1,
          {
            eventTime: '2024-05-01T12:00:00Z',
            eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED',
            workflowExecutionUpdateAdmittedEventAttributes: { request, origin: 'UPDATE_ADMITTED_EVENT_ORIGIN_UNSPECIFIED' },
          },
        ),
      );
      assert.equal(h.events.length, 6, 'the admitted event is skipped');
      const accepted = h.events[4] as EventOf<'WorkflowExecutionUpdateAccepted'>;
      assert.deepEqual(
        [accepted.type, accepted.updateId, accepted.name, accepted.input, accepted.identity, accepted.workflowTaskCompletedEventId],
        ['WorkflowExecutionUpdateAccepted', 'u-1', 'setDiscount', [10], 'ops', 4],
      );
      const completed = h.events[5] as EventOf<'WorkflowExecutionUpdateCompleted'>;
      assert.deepEqual([completed.acceptedEventId, completed.result, completed.workflowTaskCompletedEventId], [5, 'ok', 4]);
    });

    it('tells a Temporal history from a Rewind one; a Rewind history parses as before', function () {
      const golden = loadGolden('sequence');
      assert.equal(isTemporalHistory(golden), false);
      assert.equal(isTemporalHistory(loadTemporal('order')), true);
      assert.equal(parseHistory(golden), golden);
      assert.deepEqual(parseHistory(JSON.stringify(golden)), golden);
    });
  });

  describe('replay', function () {
    let orderBundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
    let testBundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
    before(async function () {
      orderBundle = await bundleWorkflowCode({ workflowsPath: ORDER_WORKFLOWS });
      testBundle = await bundleWorkflowCode({ workflowsPath: TEST_WORKFLOWS });
    });

    it('replays the Temporal export of the order sample with samples/order/workflows.ts', async function () {
      await Worker.runReplayHistory({ workflowsPath: ORDER_WORKFLOWS }, loadTemporal('order'));
      await Worker.runReplayHistory(
        { workflowBundle: orderBundle },
        fs.readFileSync(path.join(__dirname, 'fixtures/temporal/order-old-style.json'), 'utf8'),
      );
    });

    it('replays the retried/signalled/failed and the patched histories with the code that made them', async function () {
      await Worker.runReplayHistory({ workflowBundle: testBundle }, loadTemporal('sequence-retried-signal'));
      await Worker.runReplayHistory({ workflowBundle: testBundle }, loadTemporal('versioned-patch'));
    });

    it('replays a history with an event Rewind skips (ids after it renumbered)', async function () {
      const withSkipped = insertEvent(loadTemporal('order'), 6, {
        eventTime: '2024-05-01T12:00:00.050Z',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_OPTIONS_UPDATED',
        workflowExecutionOptionsUpdatedEventAttributes: { unsetVersioningOverride: true },
      });
      assert.equal(withSkipped.events.length, 29);
      assert.deepEqual(parseHistory(withSkipped), parseHistory(loadTemporal('order')));
      await Worker.runReplayHistory({ workflowBundle: orderBundle }, withSkipped);
    });

    /** The export as an SDK records it that checks ids and types (sdk-core's IdAndTypeDeterminismChecks, core flag 1). */
    const withIdAndTypeChecks = (h: TemporalHistory): TemporalHistory => {
      const completed = h.events[3]!.workflowTaskCompletedEventAttributes as { sdkMetadata: { coreUsedFlags?: number[] } };
      completed.sdkMetadata.coreUsedFlags = [1];
      return h;
    };

    it('throws DeterminismViolationError when the code no longer matches the Temporal history', async function () {
      const changed = withIdAndTypeChecks(loadTemporal('order'));
      const attrs = changed.events[4]!.activityTaskScheduledEventAttributes as { activityType: { name: string } };
      attrs.activityType.name = 'chargeCard';
      await assert.rejects(Worker.runReplayHistory({ workflowBundle: orderBundle }, changed), (err: Error) => {
        assert.ok(err instanceof DeterminismViolationError, String(err));
        assert.match(
          err.message,
          /at event 5: history holds ActivityTaskScheduled\(chargeCard\), but the code issued ScheduleActivityTask\(processPayment\)/,
        );
        assert.match(err.message, /samples\/order\/workflows\.ts:\d+:/);
        return true;
      });
    });

    it('accepts a changed activity type in a history recorded without IdAndTypeDeterminismChecks, as Temporal’s replayer does', async function () {
      // Temporal's core compares an activity's (and a child's) id and type only under its core flag 1.
      const changed = loadTemporal('order');
      const attrs = changed.events[4]!.activityTaskScheduledEventAttributes as { activityType: { name: string }; activityId: string };
      attrs.activityType.name = 'chargeCard';
      attrs.activityId = '99';
      await Worker.runReplayHistory({ workflowBundle: orderBundle }, changed);
    });
  });

  describe('refusals', function () {
    const refuses = (history: unknown, ...patterns: RegExp[]) =>
      assert.throws(
        () => parseHistory(history),
        (err: Error) => {
          assert.ok(err instanceof ValueError, String(err));
          for (const p of patterns) assert.match(err.message, p);
          return true;
        },
      );

    it("keeps a codec's payload (binary/encrypted) byte for byte; replay refuses it where the code reads it, naming the event", async function () {
      const h = loadTemporal('order');
      const attrs = h.events[0]!.workflowExecutionStartedEventAttributes as { input: unknown };
      const encrypted = { metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('k1') }, data: b64('\u0001\u0002') };
      attrs.input = { payloads: [encrypted] };
      const started = ofType(parseHistory(h), 'WorkflowExecutionStarted')[0];
      assert.deepEqual(started?.input, [{ '$rewind:encoded': encrypted }]);
      await assert.rejects(Worker.runReplayHistory({ workflowsPath: ORDER_WORKFLOWS }, h), (err: Error) => {
        assert.match(err.message, /argument 1 of workflow orderWorkflow \(event 1\): it is a binary\/encrypted payload of 2 bytes/);
        assert.match(err.message, /codec/);
        return true;
      });
    });

    it('refuses the Web UI\'s "Readable" download (payloads rewritten as plain values), saying which download to use', function () {
      const h = loadTemporal('order');
      const attrs = h.events[0]!.workflowExecutionStartedEventAttributes as { input: unknown };
      attrs.input = { payloads: [{ orderId: 'A-1' }] };
      refuses(h, /input\.payloads\[0\] is not a payload/, /"Readable"/, /"Decoded"/);
      attrs.input = { payloads: ['A-1'] };
      refuses(h, /input\.payloads\[0\] is not a payload \(\{ metadata, data \}\) but "A-1"/, /"Readable"/);
    });

    it('refuses a binary/protobuf activity result when the code reads it, naming its event', async function () {
      const h = loadTemporal('order');
      const attrs = h.events[6]!.activityTaskCompletedEventAttributes as { result: unknown };
      attrs.result = {
        payloads: [{ metadata: { encoding: b64('binary/protobuf'), messageType: b64('shop.Payment') }, data: b64('\u0008\u0001') }],
      };
      await assert.rejects(
        Worker.runReplayHistory({ workflowsPath: ORDER_WORKFLOWS }, h),
        /the result of activity 1 \(event 7\): it is a binary\/protobuf payload/,
      );
    });

    it('refuses events Rewind cannot replay, naming the event id and type', function () {
      const nexus = afterFirstTask({
        eventTime: '2024-05-01T12:00:01Z',
        eventType: 'EVENT_TYPE_NEXUS_OPERATION_SCHEDULED',
        nexusOperationScheduledEventAttributes: { endpoint: 'payments', service: 'billing', operation: 'charge' },
      });
      refuses(nexus, /event 5 \(EVENT_TYPE_NEXUS_OPERATION_SCHEDULED\) cannot be replayed by Rewind: Rewind has no Nexus operations/);
    });

    it("reads a task scheduled on a worker's sticky queue: the run's queue is the normal one, the sticky one beside it", function () {
      const h = convertTemporalHistory(
        afterFirstTask({
          eventTime: '2024-05-01T12:00:01Z',
          eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
          workflowTaskScheduledEventAttributes: {
            taskQueue: { name: 'worker-1-sticky', kind: 'TASK_QUEUE_KIND_STICKY', normalName: 'orders' },
            startToCloseTimeout: '10s',
            attempt: 1,
          },
        }),
      );
      const scheduled = ofType(h, 'WorkflowTaskScheduled');
      assert.equal(scheduled[0]?.stickyTaskQueue, undefined, 'the first task went to the normal queue');
      assert.deepEqual(
        { taskQueue: scheduled[1]?.taskQueue, stickyTaskQueue: scheduled[1]?.stickyTaskQueue },
        { taskQueue: 'orders', stickyTaskQueue: 'worker-1-sticky' },
      );
    });

    it('reads a memo upsert (upsertMemo), a key upserted without a value (binary/null) as removed (null)', function () {
      const h = convertTemporalHistory(
        afterFirstTask({
          eventTime: '2024-05-01T12:00:01Z',
          eventType: 'WorkflowPropertiesModified',
          workflowPropertiesModifiedEventAttributes: {
            workflowTaskCompletedEventId: '4',
            upsertedMemo: { fields: { note: jsonPayload('gift'), gone: { metadata: { encoding: b64('binary/null') } } } },
          },
        }),
      );
      const [modified] = ofType(h, 'WorkflowPropertiesModified');
      assert.deepEqual(modified, {
        eventId: 5,
        eventTime: '2024-05-01T12:00:01.000Z',
        type: 'WorkflowPropertiesModified',
        upsertedMemo: { note: 'gift', gone: null },
        workflowTaskCompletedEventId: 4,
      });
    });

    it('refuses a history with gaps or without its start, saying what to export', function () {
      const h = loadTemporal('order');
      refuses({ events: h.events.slice(1) }, /eventId "2", expected "1": export the whole history/);
      refuses('{"events": [', /not JSON/);
    });
  });
});
