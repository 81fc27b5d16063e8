// The input box's check of JSON arguments: what is wrong, and where.
import assert from 'node:assert/strict';
import { checkArgsJson } from '../src/model/json-input';

describe('JSON arguments', function () {
  it('accepts an array (or nothing: no arguments)', function () {
    assert.deepEqual(checkArgsJson(' ["o-1", 2, {"a": true}] '), { ok: true, args: ['o-1', 2, { a: true }] });
    assert.deepEqual(checkArgsJson(''), { ok: true, args: [] });
  });

  it('says where the JSON breaks, by line and column', function () {
    const r = checkArgsJson('["o-1",\n  {"qty": 2,}]');
    assert.equal(r.ok, false);
    assert.match(
      !r.ok ? r.message : '',
      /^Not JSON at line 2, column 13: .+\. Write the arguments as a JSON array, e\.g\. \["order-1", 2\]\.$/,
    );
  });

  it('says that a single value must be wrapped in an array, showing how', function () {
    const r = checkArgsJson('{"id": 1}');
    assert.equal(r.ok, false);
    assert.equal(
      !r.ok && r.message,
      'The arguments must be a JSON array (one element per argument): [{"id":1}] passes this as the only argument.',
    );
  });
});
