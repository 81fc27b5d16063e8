// The memo upsert rule (Temporal's MergeMapOfPayload): which values remove a key, and how an upsert merges.
import assert from 'node:assert/strict';
import { encodedPayload, mergeMemo, removesMemoKey } from '@rewind/sdk/protocol';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const encoded = (encoding: string, data: string) => encodedPayload({ metadata: { encoding: b64(encoding) }, data: b64(data) });

describe('memo upserts', function () {
  it('a value that is none, null or [] removes its key, in any encoding, as Temporal’s server reads it', function () {
    for (const value of [undefined, null, [], encoded('binary/null', ''), encoded('json/plain', 'null'), encoded('json/plain', '[]')]) {
      assert.equal(removesMemoKey(value), true, JSON.stringify(value));
    }
    for (const value of [0, '', false, {}, [null], 'null', encoded('binary/plain', 'x'), encoded('json/plain', '""')]) {
      assert.equal(removesMemoKey(value), false, JSON.stringify(value));
    }
  });

  it('sets, replaces and removes keys, keeps the others, and leaves no memo when none is left', function () {
    assert.deepEqual(mergeMemo({ a: 1, b: 2, c: 3 }, { a: 10, b: null, d: encoded('binary/null', '') }), { a: 10, c: 3 });
    assert.deepEqual(mergeMemo(undefined, { a: 'x' }), { a: 'x' });
    assert.equal(mergeMemo({ a: 1 }, { a: [] }), undefined);
  });
});
