// definedFields leaves out the keys whose value is undefined, and only those, and its type says which keys
// may be missing.
import assert from 'node:assert/strict';
import { definedFields, type DefinedFields } from '@rewind/sdk/internal/common/defined-fields';

describe('definedFields', function () {
  it('leaves out undefined values and keeps every other value, in order', function () {
    const missing: string | undefined = undefined;
    const got = definedFields({ a: 1, b: missing, c: null, d: '', e: 0, f: false, g: { h: undefined } });
    assert.deepEqual(got, { a: 1, c: null, d: '', e: 0, f: false, g: { h: undefined } });
    assert.equal('b' in got, false);
    assert.deepEqual(Object.keys(got), ['a', 'c', 'd', 'e', 'f', 'g']);
  });

  it('spreads as the conditional spreads it replaces', function () {
    const p: { memo?: Record<string, unknown>; identity?: string } = { identity: '' };
    const old = { type: 'X', ...(p.memo !== undefined ? { memo: p.memo } : {}), ...(p.identity ? { identity: p.identity } : {}) };
    assert.deepEqual({ type: 'X', ...definedFields({ memo: p.memo, identity: p.identity || undefined }) }, old);
    assert.deepEqual(definedFields({}), {});
  });

  it('types the keys that may be undefined as optional, the others as they were', function () {
    const maybe = (n: number): number | undefined => (n > 0 ? n : undefined);
    const got = definedFields({ id: 'x', count: maybe(1), any: maybe(0) as unknown });
    const typed: { id: string; count?: number; any?: unknown } = got;
    // @ts-expect-error count may be missing
    const required: { count: number } = got;
    const exact: DefinedFields<{ a: string; b: number | undefined }> = { a: '' };
    assert.deepEqual([typed, required, exact], [{ id: 'x', count: 1 }, got, { a: '' }]);
    // Literal types are kept (a narrowed string stays its literals), and the keys can be written.
    const flag = ['on', 'off'][0];
    const kind = flag === 'on' || flag === 'off' ? flag : undefined;
    const literal: { kind?: 'on' | 'off' } = definedFields({ kind });
    literal.kind = 'off';
    assert.deepEqual(literal, { kind: 'off' });
  });
});
