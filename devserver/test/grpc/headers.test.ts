// Headers and user metadata through the gRPC frontend's translation: Temporal's Header and UserMetadata
// messages, on its commands and requests' way in and on its history events' way out, every payload
// byte for byte whatever its encoding.
import assert from 'node:assert/strict';
import type { EventOf, Header, HistoryEvent, HistoryEventBody, UserMetadata } from '@rewind/sdk/protocol';
import { startRun } from '../../src/engine/execution';
import { commandsIn } from '../../src/grpc/commands-in';
import { headerIn, headerOut, userMetadataIn, userMetadataOut } from '../../src/grpc/headers';
import { historyEventsOut } from '../../src/grpc/history-out';
import { temporal } from '../../src/grpc/proto';
import { throughBytes } from './proto-history';

type ProtoPayload = temporal.api.common.v1.IPayload;
const CommandType = temporal.api.enums.v1.CommandType;

const payload = (encoding: string, data: Buffer | string, more: Record<string, string> = {}): ProtoPayload => ({
  metadata: { encoding: Buffer.from(encoding), ...Object.fromEntries(Object.entries(more).map(([k, v]) => [k, Buffer.from(v)])) },
  data: Buffer.from(data),
});

/** A header with a payload of every encoding Temporal's SDK writes. */
const PROTO_HEADER: temporal.api.common.v1.IHeader = {
  fields: {
    trace: payload('json/plain', '"trace-1"'),
    spaced: payload('json/plain', '{ "not": "canonical" }'),
    bytes: payload('binary/plain', Buffer.from([0, 1, 2, 255])),
    none: payload('binary/null', ''),
    order: payload('json/protobuf', '{"id":"o-1"}', { messageType: 'shop.Order' }),
    blob: payload('binary/protobuf', Buffer.from([0x0a, 0x01, 0x61]), { messageType: 'shop.Blob' }),
    secret: payload('binary/encrypted', Buffer.from([0xde, 0xad, 0xbe, 0xef]), { 'encryption-key-id': 'k1' }),
  },
};
const PROTO_META: temporal.api.sdk.v1.IUserMetadata = {
  summary: payload('json/plain', '"a summary"'),
  details: payload('binary/encrypted', Buffer.from([1, 2, 3])),
};

/** A payload as comparable text: metadata (sorted) and data, as bytes. */
const key = (p: ProtoPayload | null | undefined): string =>
  Object.entries(p?.metadata ?? {})
    .map(([k, v]) => `${k}=${Buffer.from(v).toString('hex')}`)
    .sort()
    .join(',') + `|${Buffer.from(p?.data ?? new Uint8Array()).toString('hex')}`;
const headerKeys = (h: temporal.api.common.v1.IHeader | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(h?.fields ?? {}).map(([k, v]) => [k, key(v)]));
const metaKeys = (m: temporal.api.sdk.v1.IUserMetadata | null | undefined) => ({ summary: key(m?.summary), details: key(m?.details) });

const HEADER: Header = headerIn(PROTO_HEADER)!;
const META: UserMetadata = userMetadataIn(PROTO_META)!;

describe('gRPC frontend: headers and user metadata', function () {
  it('Temporal → Rewind → Temporal: every payload of a header and of user metadata, byte for byte', function () {
    assert.equal(HEADER.trace, 'trace-1', 'canonical json/plain is plain JSON to Rewind');
    assert.deepEqual(headerKeys(headerOut(HEADER)), headerKeys(PROTO_HEADER));
    assert.deepEqual(metaKeys(userMetadataOut(META)), metaKeys(PROTO_META));
    assert.deepEqual(userMetadataIn({ summary: PROTO_META.summary }), { summary: 'a summary' });
    assert.equal(headerIn({ fields: {} }), undefined, 'an empty header is none');
    assert.equal(userMetadataIn({}), undefined, 'empty user metadata is none');
  });

  it("reads the header of each command that has one, and any command's user metadata", function () {
    const state = startRun(
      { namespace: 'default', workflowId: 'w', runId: 'r', workflowType: 'wf', taskQueue: 'q', args: [], requestId: 'x' },
      0,
    ).state;
    const commands = commandsIn(
      [
        {
          commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
          scheduleActivityTaskCommandAttributes: { activityId: '1', activityType: { name: 'a' }, header: PROTO_HEADER },
          userMetadata: PROTO_META,
        },
        { commandType: CommandType.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId: '1' }, userMetadata: PROTO_META },
        {
          commandType: CommandType.COMMAND_TYPE_RECORD_MARKER,
          recordMarkerCommandAttributes: { markerName: 'custom', details: {}, header: PROTO_HEADER },
          userMetadata: PROTO_META,
        },
        {
          commandType: CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
          startChildWorkflowExecutionCommandAttributes: { workflowId: 'c', workflowType: { name: 'c' }, header: PROTO_HEADER },
          userMetadata: PROTO_META,
        },
        {
          commandType: CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
          signalExternalWorkflowExecutionCommandAttributes: { execution: { workflowId: 'o' }, signalName: 's', header: PROTO_HEADER },
        },
        {
          commandType: CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
          continueAsNewWorkflowExecutionCommandAttributes: { header: PROTO_HEADER },
        },
      ],
      state,
    );
    assert.deepEqual(
      commands.map((c) => ({ type: c.type, header: 'header' in c ? c.header : undefined, userMetadata: c.userMetadata })),
      [
        { type: 'ScheduleActivityTask', header: HEADER, userMetadata: META },
        { type: 'StartTimer', header: undefined, userMetadata: META },
        { type: 'RecordMarker', header: HEADER, userMetadata: META },
        { type: 'StartChildWorkflowExecution', header: HEADER, userMetadata: META },
        { type: 'SignalExternalWorkflowExecution', header: HEADER, userMetadata: undefined },
        { type: 'ContinueAsNewWorkflowExecution', header: HEADER, userMetadata: undefined },
      ],
    );
  });

  it('writes each event’s header and any event’s user metadata, through protobuf bytes', function () {
    const bodies: HistoryEventBody[] = [
      {
        type: 'WorkflowExecutionStarted',
        workflowType: 'wf',
        taskQueue: 'q',
        input: [],
        workflowTaskTimeoutMs: 10_000,
        attempt: 1,
        firstExecutionRunId: 'r',
        originalExecutionRunId: 'r',
        header: HEADER,
        userMetadata: META,
      },
      { type: 'WorkflowExecutionSignaled', signalName: 's', input: [], header: HEADER },
      {
        type: 'ActivityTaskScheduled',
        activityId: '1',
        activityType: 'a',
        taskQueue: 'q',
        input: [],
        retryPolicy: {
          initialIntervalMs: 1000,
          backoffCoefficient: 2,
          maximumIntervalMs: 100_000,
          maximumAttempts: 0,
          nonRetryableErrorTypes: [],
        },
        workflowTaskCompletedEventId: 1,
        header: HEADER,
        userMetadata: META,
      },
      { type: 'TimerStarted', timerId: '1', startToFireTimeoutMs: 10, workflowTaskCompletedEventId: 1, userMetadata: META },
      { type: 'MarkerRecorded', markerName: 'm', details: {}, workflowTaskCompletedEventId: 1, header: HEADER, userMetadata: META },
      {
        type: 'StartChildWorkflowExecutionInitiated',
        workflowId: 'c',
        workflowType: 'c',
        taskQueue: 'q',
        input: [],
        parentClosePolicy: 'TERMINATE',
        workflowTaskCompletedEventId: 1,
        header: HEADER,
        userMetadata: META,
      },
      { type: 'ChildWorkflowExecutionStarted', workflowId: 'c', runId: 'cr', workflowType: 'c', initiatedEventId: 6 },
      {
        type: 'SignalExternalWorkflowExecutionInitiated',
        workflowId: 'o',
        signalName: 's',
        input: [],
        childWorkflowOnly: false,
        workflowTaskCompletedEventId: 1,
        header: HEADER,
      },
      {
        type: 'WorkflowExecutionContinuedAsNew',
        newExecutionRunId: 'r2',
        workflowType: 'wf',
        taskQueue: 'q',
        input: [],
        workflowTaskCompletedEventId: 1,
        header: HEADER,
      },
    ];
    const events = bodies.map((b, i) => ({ eventId: i + 1, eventTime: new Date(0).toISOString(), ...b }) as HistoryEvent);
    const out = throughBytes(historyEventsOut(events)).events;
    const headers = out.map((e) => {
      const attributes = Object.entries(e).find(([k, v]) => k.endsWith('EventAttributes') && v)?.[1] as {
        header?: temporal.api.common.v1.IHeader;
      };
      return attributes.header ? headerKeys(attributes.header) : undefined;
    });
    // Every event type that has a header in Temporal; a started child repeats its initiation's.
    assert.deepEqual(
      headers,
      Array.from({ length: 9 }, (_, i) => (i === 3 ? undefined : headerKeys(PROTO_HEADER))),
    );
    assert.deepEqual(
      out.map((e) => (e.userMetadata ? metaKeys(e.userMetadata) : undefined)),
      events.map((e) => (e.userMetadata ? metaKeys(PROTO_META) : undefined)),
    );
    const started = events[0] as EventOf<'WorkflowExecutionStarted'>;
    assert.deepEqual(headerIn(out[0]!.workflowExecutionStartedEventAttributes!.header), started.header);
  });
});
