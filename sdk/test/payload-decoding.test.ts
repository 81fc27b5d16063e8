// Values Temporal's SDK wrote in another form (encoded payloads), read by Rewind's SDK: json/plain and
// binary/null decoded, any other encoding refused with what it is, shown as what it is; and the workflow
// worker decodes what it hands to workflow code, or fails the task saying why.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ActivationResult, History, HistoryEvent, JsonValue, Payload } from '@rewind/sdk/protocol';
import { encodedPayload } from '@rewind/sdk/protocol';
import { bundleWorkflowCode } from '@rewind/sdk/worker';
import { ApplicationFailure, PayloadEncodingError } from '@rewind/sdk/common';
import { base64Bytes, bytesBase64, textUtf8, utf8Text } from '@rewind/sdk/internal/common/base64-utf8';
import { failureToError } from '@rewind/sdk/internal/common/failure-convert';
import { decodePayload, decodePayloadLeniently, decodePayloadRecord } from '@rewind/sdk/internal/common/payload-decoding';
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import { toPayload } from '@rewind/sdk/internal/common/payloads';
import { WorkflowSandbox } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { WorkflowExecutor } from '@rewind/sdk/internal/worker/workflows/workflow-executor';

/** A payload as Rewind keeps one it does not take for JSON: metadata and data, each base64. */
const encoded = (encoding: string | undefined, data: Buffer | string, more: Record<string, string> = {}): JsonValue =>
  encodedPayload({
    metadata: Object.fromEntries(
      Object.entries({ ...(encoding === undefined ? {} : { encoding }), ...more }).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(data).toString('base64'),
  });

const PROTOBUF = encoded('binary/protobuf', Buffer.from([0x0a, 0x03, 0x61, 0x62, 0x63]), { messageType: 'shop.Order' });
const SPACED_JSON = encoded('json/plain', '{ "name" : "Ada", "n": [1, 2] }');

describe("Rewind's SDK reads encoded payloads", function () {
  it('decodes json/plain (whatever its spacing or extra metadata) and binary/null; plain JSON is itself', function () {
    assert.deepEqual(decodePayload(SPACED_JSON, 'x'), { name: 'Ada', n: [1, 2] });
    assert.equal(decodePayload(encoded('json/plain', '"ünï"', { messageType: 'x' }), 'x'), 'ünï');
    assert.equal(decodePayload(encoded('binary/null', ''), 'x'), undefined);
    for (const plain of ['a', 1, null, { a: [1] }, undefined] as Payload[]) assert.deepEqual(decodePayload(plain, 'x'), plain);
  });

  it('refuses any other encoding, naming the value, the encoding and the size, and keeping the bytes', function () {
    for (const [value, encoding, size] of [
      [PROTOBUF, 'binary/protobuf', 5],
      [encoded('json/protobuf', '{"id":"o-1"}'), 'json/protobuf', 12],
      [encoded('binary/encrypted', Buffer.alloc(123)), 'binary/encrypted', 123],
      [encoded('json/plain', '{not json'), 'json/plain', 9],
      [encoded('json/plain', Buffer.from([0xff, 0xfe])), 'json/plain', 2],
    ] as const) {
      assert.throws(
        () => decodePayload(value, 'the result of workflow w-1'),
        (err: unknown) =>
          err instanceof PayloadEncodingError &&
          err.code === 'UNDECODED_PAYLOAD' &&
          err.encoding === encoding &&
          err.size === size &&
          err.message.includes(`Cannot read the result of workflow w-1: it is a ${encoding} payload of ${size} bytes`) &&
          err.message.includes('Decode with your codec') &&
          JSON.stringify(err.payload) === JSON.stringify(value),
      );
    }
    assert.throws(() => decodePayload(encoded(undefined, 'x'), 'v'), /an unnamed payload of 1 bytes/);
    assert.throws(() => decodePayloadRecord({ ok: 'fine', order: PROTOBUF }, 'the memo'), /the memo field order: it is a binary\/protobuf/);
  });

  it('keeps what it cannot decode in a failure’s details, which must arrive', function () {
    assert.deepEqual(decodePayloadLeniently(PROTOBUF), PROTOBUF);
    const err = failureToError({
      message: 'declined',
      info: {
        type: 'application',
        errorType: 'Declined',
        nonRetryable: true,
        details: [SPACED_JSON, PROTOBUF, encoded('binary/null', '')],
      },
    });
    assert.ok(err instanceof ApplicationFailure);
    assert.deepEqual(err.details, [{ name: 'Ada', n: [1, 2] }, PROTOBUF, undefined]);
  });

  it('sends a value that looks like an encoded payload as json/plain, so that it comes back as it was', function () {
    const lookalike = { '$rewind:encoded': { metadata: {}, data: '' } };
    const sent = toPayload(lookalike, 'v');
    assert.notDeepEqual(sent, lookalike);
    assert.deepEqual(decodePayload(sent, 'v'), lookalike);
    assert.deepEqual(toPayload({ a: 1 }, 'v'), { a: 1 }, 'any other value is itself');
  });

  it('shows a value with each encoded payload in it decoded, or as what it is', function () {
    assert.equal(
      displayJson([1, PROTOBUF, SPACED_JSON, encoded('binary/null', ''), '‹a user string›']),
      '[1,‹binary/protobuf, 5 bytes: a protobuf message›,{"name":"Ada","n":[1,2]},null,"‹a user string›"]',
    );
    assert.equal(displayJson({ memo: PROTOBUF }, 2), '{\n  "memo": ‹binary/protobuf, 5 bytes: a protobuf message›\n}');
    assert.equal(displayJson(undefined), undefined);
  });

  it("says what a payload of Temporal's default converter holds, and sends only a codec's to the codec", function () {
    // A Uint8Array under Temporal's default converter: raw bytes, no codec involved.
    assert.equal(displayJson(encoded('binary/plain', Buffer.from([1, 2, 3, 4]))), '‹binary/plain, 4 bytes›');
    assert.equal(
      displayJson(encoded('json/protobuf', '{"id":"o-1"}', { messageType: 'shop.Order' })),
      '‹json/protobuf, 12 bytes: a protobuf message›',
    );
    assert.equal(displayJson(encoded('json/plain', '{not json')), '‹json/plain, 9 bytes: not valid JSON›');
    // Any other encoding is a codec's (encryption, compression): only it reads the value.
    assert.equal(displayJson(encoded('binary/encrypted', Buffer.alloc(120))), '‹binary/encrypted, 120 bytes: decode with your codec›');
    assert.equal(displayJson([encoded('bad"enc\n', 'x')]), '[‹bad?enc?, 1 bytes: decode with your codec›]');
    assert.equal(displayJson(encoded(undefined, 'xy')), '‹no encoding, 2 bytes: decode with your codec›');
    // An own key only: an encoding named like one of Object's properties is a codec's too.
    assert.equal(displayJson(encoded('constructor', 'x')), '‹constructor, 1 bytes: decode with your codec›');
  });

  it('base64 and UTF-8 by hand agree with Node’s', function () {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) % 256);
      assert.equal(bytesBase64(bytes), Buffer.from(bytes).toString('base64'));
      assert.deepEqual(Buffer.from(base64Bytes(Buffer.from(bytes).toString('base64'))!), Buffer.from(bytes));
    }
    for (const text of ['', 'plain', 'ünïcødé ✓', '日本語', '😀 and 𝄞']) {
      assert.deepEqual(Buffer.from(textUtf8(text)), Buffer.from(text, 'utf8'));
      assert.equal(utf8Text(Buffer.from(text, 'utf8')), text);
    }
    for (const bad of [
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0xf5, 0x80, 0x80, 0x80],
    ])
      assert.equal(utf8Text(Uint8Array.from(bad)), undefined);
    assert.equal(base64Bytes('a$=='), undefined);
  });
});

describe("Rewind's workflow worker reads what Temporal's SDK wrote", function () {
  let sandbox: WorkflowSandbox;
  before(async function () {
    sandbox = await WorkflowSandbox.create(await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'fixtures/workflows.ts') }));
  });

  const golden = (): History => JSON.parse(fs.readFileSync(path.join(__dirname, 'histories/sequence.json'), 'utf8')) as History;

  /** Replays the history; what each task's activation produced. */
  function replay(events: HistoryEvent[]): ActivationResult[] {
    const results: ActivationResult[] = [];
    const executor = new WorkflowExecutor(
      sandbox,
      { namespace: 'default', workflowId: 'w', runId: 'r', workflowType: 'sequence' },
      { onTask: (_task, result) => void results.push(result) },
    );
    try {
      executor.process(events);
    } finally {
      executor.dispose();
    }
    return results;
  }

  it('hands workflow code the values of encoded json/plain payloads', function () {
    const events = golden().events.map((e): HistoryEvent => {
      if (e.type === 'WorkflowExecutionStarted') return { ...e, input: [encoded('json/plain', ' "Ada" ')] };
      if (e.type === 'ActivityTaskCompleted' && e.result === 'hello Ada')
        return { ...e, result: encoded('json/plain', '"hello Ada"', { x: 'y' }) };
      return e;
    });
    const commands = replay(events).flatMap((r) => (r.status === 'ok' ? r.commands : []));
    const first = commands.find((c) => c.type === 'ScheduleActivityTask');
    assert.deepEqual(first?.type === 'ScheduleActivityTask' && first.args, ['Ada']);
    const done = commands.find((c) => c.type === 'CompleteWorkflowExecution');
    assert.deepEqual(done?.type === 'CompleteWorkflowExecution' && done.result, 'hello Ada|charged 42');
  });

  it('refuses a value it cannot decode when the code reads it, naming it and its event: the workflow task fails', function () {
    const events = golden().events.map((e): HistoryEvent => (e.type === 'WorkflowExecutionStarted' ? { ...e, input: [PROTOBUF] } : e));
    assert.throws(
      () => replay(events),
      (err: unknown) =>
        err instanceof Error &&
        /argument 1 of workflow sequence \(event 1\): it is a binary\/protobuf payload of 5 bytes/.test(err.message),
    );
  });
});
