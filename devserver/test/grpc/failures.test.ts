// Failures between Rewind and Temporal: every kind Rewind has goes to Temporal's message and back unchanged (through protobuf bytes), and every failure Temporal's TypeScript SDK writes comes back to it as it wrote it, codec-encoded ones included.
import assert from 'node:assert/strict';
import type { Type } from 'protobufjs';
import { toJson } from 'protobufjs/ext/protojson';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  DefaultFailureConverter,
  defaultPayloadConverter,
  RetryState,
  ServerFailure,
  TerminatedFailure,
  TimeoutFailure,
  TimeoutType,
  type PayloadCodec,
} from '@temporalio/common';
import { encodeFailure } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import type { Failure, FailureInfo, Payload } from '@rewind/sdk/protocol';
import { failureSchema } from '@rewind/sdk/protocol';
import { failureIn, failureOut } from '../../src/grpc/failures';
import { temporal } from '../../src/grpc/proto';

const ProtoFailure = temporal.api.failure.v1.Failure;
type IFailure = temporal.api.failure.v1.IFailure;

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');
const ENCRYPTED: Payload = {
  '$rewind:encoded': {
    metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('k1') },
    data: b64(Buffer.from([1, 2, 3, 0xff])),
  },
};
const PROTOBUF: Payload = {
  '$rewind:encoded': { metadata: { encoding: b64('json/protobuf'), messageType: b64('orders.v1.Order') }, data: b64('{"id":"o-1"}') },
};
const DETAILS: Payload[] = ['text', 3, { nested: [true, null] }, ENCRYPTED, PROTOBUF];

/** Through protobuf's wire format. */
function throughBytes(f: IFailure): temporal.api.failure.v1.Failure {
  return ProtoFailure.decode(ProtoFailure.encode(ProtoFailure.fromObject(f)).finish());
}

/** proto3 JSON: equal when the messages are equal on the wire (a proto3 default and an absent field are the same). */
const json = (f: IFailure): unknown => toJson(ProtoFailure as unknown as Type, throughBytes(f));

/** Samples of every kind, at compile time: a new kind makes this fail until it has some. */
const SAMPLES: { [T in FailureInfo['type']]: Extract<FailureInfo, { type: T }>[] } = {
  application: [
    { type: 'application', errorType: 'CardDeclined', nonRetryable: true, details: DETAILS, nextRetryDelayMs: 2500, category: 'BENIGN' },
    { type: 'application', errorType: 'Error', nonRetryable: false },
    // A retry delay of 0 is "retry now", not "none"; an empty list of details is kept as empty.
    { type: 'application', errorType: '', nonRetryable: false, details: [], nextRetryDelayMs: 0 },
    // Temporal's failure without failure info (a plain Error, as Temporal's TypeScript SDK writes one).
    { type: 'application', errorType: '', nonRetryable: false, noInfo: true },
  ],
  activity: [
    {
      type: 'activity',
      activityType: 'charge',
      activityId: '1',
      retryState: 'MAXIMUM_ATTEMPTS_REACHED',
      scheduledEventId: 5,
      startedEventId: 6,
      identity: '42@worker',
    },
    { type: 'activity', activityType: 'charge', activityId: 'x', retryState: 'TIMEOUT', scheduledEventId: 5, startedEventId: 0 },
  ],
  childWorkflow: [
    {
      type: 'childWorkflow',
      namespace: 'default',
      workflowId: 'child-1',
      runId: 'run-1',
      workflowType: 'ship',
      retryState: 'NON_RETRYABLE_FAILURE',
      initiatedEventId: 9,
      startedEventId: 10,
    },
  ],
  cancelled: [{ type: 'cancelled', details: DETAILS }, { type: 'cancelled' }, { type: 'cancelled', details: [] }],
  terminated: [{ type: 'terminated' }],
  timeout: [
    { type: 'timeout', timeoutType: 'HEARTBEAT', lastHeartbeatDetails: [{ progress: 3 }, ENCRYPTED] },
    { type: 'timeout', timeoutType: 'START_TO_CLOSE' },
    { type: 'timeout', timeoutType: 'SCHEDULE_TO_START' },
    { type: 'timeout', timeoutType: 'SCHEDULE_TO_CLOSE' },
  ],
  server: [
    { type: 'server', nonRetryable: true },
    { type: 'server', nonRetryable: false },
  ],
};

const RETRY_STATES = [
  'IN_PROGRESS',
  'NON_RETRYABLE_FAILURE',
  'TIMEOUT',
  'MAXIMUM_ATTEMPTS_REACHED',
  'RETRY_POLICY_NOT_SET',
  'INTERNAL_SERVER_ERROR',
  'CANCEL_REQUESTED',
] as const;

/** A codec that changes every byte, as an encrypting one does. */
const xorCodec: PayloadCodec = {
  encode: async (payloads) =>
    payloads.map((p) => ({
      metadata: { encoding: Buffer.from('binary/xor'), 'inner-encoding': p.metadata?.encoding ?? new Uint8Array() },
      data: Buffer.from(Buffer.from(p.data ?? []).map((b) => b ^ 0x5a)),
    })),
  decode: async (payloads) => payloads,
};

describe('gRPC frontend: failures', function () {
  describe('Rewind → Temporal → Rewind', function () {
    for (const [kind, infos] of Object.entries(SAMPLES)) {
      it(`${kind}: every field, through protobuf bytes`, function () {
        for (const info of infos) {
          const f: Failure = { message: `a ${kind} failure`, info };
          assert.deepEqual(failureIn(throughBytes(failureOut(f))), f);
        }
      });
    }

    it('message, stack trace, source, encoded attributes (plain and encoded) and a cause chain of every kind', function () {
      const infos = Object.values(SAMPLES).flat();
      let chain: Failure | undefined;
      for (const [i, info] of infos.entries()) {
        chain = {
          message: `failure ${i} — ünïcødé`,
          ...(i % 2 === 0 ? { stackTrace: `Error: failure ${i}\n    at f (workflows.ts:${i}:1)` } : {}),
          ...(i % 3 === 0 ? { source: 'TypeScriptSDK' } : {}),
          ...(i % 4 === 1 ? { encodedAttributes: { message: `failure ${i}`, stack_trace: 'at g' } } : {}),
          ...(i % 4 === 3 ? { encodedAttributes: ENCRYPTED } : {}),
          info,
          ...(chain ? { cause: chain } : {}),
        };
      }
      assert.deepEqual(failureIn(throughBytes(failureOut(chain!))), chain);
      // And Rewind's own schema takes what the frontend reads.
      assert.deepEqual(failureSchema.parse(failureIn(throughBytes(failureOut(chain!))), 'failure'), chain);
    });

    it('every retry state and timeout type', function () {
      for (const retryState of RETRY_STATES) {
        const f: Failure = { message: 'm', info: { ...SAMPLES.activity[0]!, retryState } };
        assert.deepEqual(failureIn(throughBytes(failureOut(f))), f);
      }
    });
  });

  describe('what Temporal’s TypeScript SDK writes comes back to it as it wrote it', function () {
    const errors = (): Error[] => {
      const root = ApplicationFailure.create({
        message: 'card declined',
        type: 'CardDeclined',
        nonRetryable: true,
        details: ['text', 3, { nested: [true, null] }, undefined],
        nextRetryDelay: '1.5s',
        category: 'BENIGN',
      });
      return [
        root,
        ApplicationFailure.retryable('plain retryable'),
        new Error('a plain error', { cause: new TypeError('its cause') }),
        new CancelledFailure('cancelled', ['why', 2]),
        new TerminatedFailure('terminated'),
        new TimeoutFailure('heartbeat timeout', ['progress', 7], TimeoutType.HEARTBEAT),
        new TimeoutFailure('schedule timeout', undefined, TimeoutType.SCHEDULE_TO_START),
        new ServerFailure('server says no', true),
        new ActivityFailure('activity failed', 'charge', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, '42@worker', root),
        new ChildWorkflowFailure(
          'default',
          { workflowId: 'child-1', runId: 'run-1' },
          'ship',
          RetryState.NON_RETRYABLE_FAILURE,
          new TerminatedFailure('gone'),
        ),
      ];
    };

    for (const encodeCommonAttributes of [false, true]) {
      it(`the default failure converter${encodeCommonAttributes ? ', message and stack trace encoded' : ''}`, function () {
        const converter = new DefaultFailureConverter({ encodeCommonAttributes });
        for (const err of errors()) {
          const written = converter.errorToFailure(err, defaultPayloadConverter);
          assert.deepEqual(json(failureOut(failureIn(throughBytes(written)))), json(written), err.message);
        }
      });
    }

    it('with a payload codec over details and encoded attributes', async function () {
      const converter = new DefaultFailureConverter({ encodeCommonAttributes: true });
      for (const err of errors()) {
        const written = await encodeFailure([xorCodec], converter.errorToFailure(err, defaultPayloadConverter));
        assert.deepEqual(json(failureOut(failureIn(throughBytes(written)))), json(written), err.message);
      }
    });
  });

  describe('what Rewind reads of Temporal’s failures it has no kind for', function () {
    it('a failure with no info, a reset workflow failure and Nexus failures, as application failures', function () {
      assert.deepEqual(failureIn({ message: 'bare' }), {
        message: 'bare',
        info: { type: 'application', errorType: '', nonRetryable: false, noInfo: true },
      });
      // An application failure with no type is another thing: its info is there, empty.
      assert.deepEqual(failureIn({ message: 'untyped', applicationFailureInfo: {} }).info, {
        type: 'application',
        errorType: '',
        nonRetryable: false,
      });
      assert.deepEqual(failureIn({ message: 'reset', resetWorkflowFailureInfo: { lastHeartbeatDetails: { payloads: [] } } }), {
        message: 'reset',
        info: { type: 'application', errorType: 'ResetWorkflow', nonRetryable: true, details: [] },
      });
      assert.deepEqual(failureIn({ message: 'nexus', nexusHandlerFailureInfo: { type: 'BAD_REQUEST' } }).info, {
        type: 'application',
        errorType: 'BAD_REQUEST',
        nonRetryable: false,
      });
    });

    it('an unspecified retry state or timeout type as Rewind’s history reader reads them', function () {
      const info = failureIn({ message: 'm', activityFailureInfo: { activityType: { name: 'a' } } }).info;
      assert.equal(info.type === 'activity' && info.retryState, 'RETRY_POLICY_NOT_SET');
      const timeout = failureIn({ message: 'm', timeoutFailureInfo: {} }).info;
      assert.equal(timeout.type === 'timeout' && timeout.timeoutType, 'START_TO_CLOSE');
    });
  });
});
