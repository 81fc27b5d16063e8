// Temporal's Payloads at Rewind's interceptor boundary: defaultPayloadConverter writes and reads the same
// bytes as Temporal's, and a Payload maps to Rewind's wire value and back byte for byte (json/plain as its
// JSON value, anything else as an encoded payload); a header value that is not a Payload is refused.
import assert from 'node:assert/strict';
import { defaultPayloadConverter as temporalConverter } from '@temporalio/common';
import { defaultPayloadConverter, ValueError, type Payload } from '@rewind/sdk/common';
import { headersFromWire, headersToWire, payloadToValue, valueToPayload } from '../src/common/payload-message';

const bytes = (p: Payload): { metadata: Record<string, number[]>; data: number[] } => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, [...v]])),
  data: [...(p.data ?? [])],
});
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("Temporal's Payloads at the interceptor boundary", function () {
  const values: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'héllo ✓'],
    ['an object', { a: [1, 'two', { three: true }] }],
    ['bytes', Uint8Array.from([0, 1, 254, 255])],
  ];

  for (const [what, value] of values) {
    it(`defaultPayloadConverter writes ${what} as Temporal's does, and reads Temporal's back`, function () {
      const ours = defaultPayloadConverter.toPayload(value);
      const theirs = temporalConverter.toPayload(value);
      assert.deepEqual(bytes(ours), bytes(theirs));
      assert.deepEqual(defaultPayloadConverter.fromPayload(theirs), temporalConverter.fromPayload(theirs));
    });
  }

  it('defaultPayloadConverter refuses what it cannot read, saying why', function () {
    assert.throws(
      () => defaultPayloadConverter.fromPayload({}),
      (e) => e instanceof ValueError && /Missing payload metadata/.test(e.message),
    );
    assert.throws(
      () => defaultPayloadConverter.fromPayload({ metadata: { encoding: text('binary/protobuf') }, data: new Uint8Array() }),
      (e) => e instanceof ValueError && /Unknown encoding: binary\/protobuf/.test(e.message),
    );
    assert.throws(() => defaultPayloadConverter.toPayload(() => 1), ValueError);
  });

  it('maps json/plain to its JSON value and every other payload to an encoded one, byte for byte both ways', function () {
    const json = temporalConverter.toPayload({ id: 'a', n: 2 });
    assert.deepEqual(payloadToValue(json), { id: 'a', n: 2 });
    assert.deepEqual(bytes(valueToPayload(payloadToValue(json))), bytes(json));
    // JSON not written as JSON.stringify writes it, bytes, binary/null and a codec's metadata stay as they were.
    const kept: Payload[] = [
      { metadata: { encoding: text('json/plain') }, data: text('{ "id": "a" }') },
      temporalConverter.toPayload(Uint8Array.from([9, 8, 7])),
      temporalConverter.toPayload(undefined),
      { metadata: { encoding: text('binary/encrypted'), 'encryption-key-id': text('k1') }, data: Uint8Array.from([1, 2, 3]) },
    ];
    for (const p of kept) {
      const value = payloadToValue(p);
      assert.ok(value && typeof value === 'object' && '$rewind:encoded' in value, JSON.stringify(value));
      assert.deepEqual(bytes(valueToPayload(value)), bytes({ data: new Uint8Array(), ...p }));
    }
  });

  it('headers travel as wire values (none when empty) and come back as Payloads', function () {
    assert.equal(headersToWire({}), undefined);
    const wire = headersToWire({ trace: temporalConverter.toPayload('t-1'), raw: temporalConverter.toPayload(Uint8Array.from([5])) });
    assert.equal(wire?.trace, 't-1');
    const back = headersFromWire(wire);
    assert.equal(defaultPayloadConverter.fromPayload(back.trace!), 't-1');
    assert.deepEqual([...defaultPayloadConverter.fromPayload<Uint8Array>(back.raw!)], [5]);
    assert.deepEqual(headersFromWire(undefined), {});
  });

  it('refuses a header value that is not a Payload, naming the header and what to use', function () {
    assert.throws(
      () => headersToWire({ trace: 'plain text' as unknown as Payload }),
      (e) =>
        e instanceof TypeError &&
        /Header 'trace' is string, not a Payload/.test(e.message) &&
        /defaultPayloadConverter\.toPayload/.test(e.message),
    );
  });
});
