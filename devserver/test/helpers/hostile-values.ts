// Hostile values for fuzzing the protocol: wrong types for a schema, prototype keys, long strings,
// deep nesting, odd unicode, SQL and code snippets. Deep values travel as raw JSON text (RawJson):
// JSON.stringify recurses, so it could not write 10,000 levels.
import type { SchemaForm } from '@rewind/sdk/protocol';
import type { SeededRandom } from './seeded-random';

/** JSON text spliced into a message as it is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Arrays nested `depth` deep: [[[…]]]. */
export const deepArray = (depth: number): RawJson => new RawJson('['.repeat(depth) + ']'.repeat(depth));

/** Objects nested `depth` deep: {"a":{"a":…}}. */
export const deepObject = (depth: number): RawJson => new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

/** Names that are properties of every plain object: a lookup keyed by client text must not find them. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Objects whose own keys are prototype names (JSON.parse makes `__proto__` an own key, as a server sees it). */
export const PROTO_OBJECTS: readonly RawJson[] = [
  new RawJson('{"__proto__":{"polluted":"yes"}}'),
  new RawJson('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  new RawJson('{"__proto__":["x"],"toString":["y"]}'),
];

export const SQL_SNIPPETS = [
  `' OR 1=1 --`,
  `' OR '1'='1`,
  `"; DROP TABLE executions; --`,
  `'); DELETE FROM events; --`,
  `x' UNION SELECT state FROM executions --`,
  `1; ATTACH DATABASE '/tmp/rewind-fuzz.db' AS pwn; --`,
  `\\`,
  `\\'`,
  `'`,
  `"`,
  '`',
  `%`,
  `_%\\_`,
  `$."a"`,
  `json_each(search_attributes)`,
];

/** Code and paths a server must never evaluate or open: each would create `marker` if it were run. */
export function codeSnippets(marker: string): string[] {
  const write = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'pwned')`;
  return [
    write,
    `\${${write}}`,
    `constructor.constructor("${write.replace(/"/g, '\\"')}")()`,
    `process.mainModule.require('child_process').execSync('touch ${marker}')`,
    `$(touch ${marker})`,
    `; touch ${marker}`,
    marker,
    '/etc/passwd',
    '../../../../../etc/passwd',
    'file:///etc/passwd',
    '\\\\server\\share\\x',
  ];
}

export const UNICODE = ['\u0000', '\ud800', 'a\udfffb', '\u202eevil', '\u200b', '\ufeff', 'é', '😀', '\u2028\u2029', 'Ω'.repeat(333)];

/** A few of every kind above, for any field. */
export function hostileValue(rnd: SeededRandom, marker: string): unknown {
  switch (rnd.int(0, 9)) {
    case 0:
      return rnd.pick([null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 2, '', ' ', 'x', '1', 'null']);
    case 1:
      return rnd.pick([[], [null], {}, { a: 1 }, [[[]]], [{}], { type: 'x' }]);
    case 2:
      return rnd.pick(PROTO_KEYS);
    case 3:
      return rnd.pick(PROTO_OBJECTS);
    case 4:
      return 'x'.repeat(rnd.pick([201, 1001, 10_001, 100_001]));
    case 5:
      return rnd.chance(0.5) ? deepArray(rnd.pick([65, 200, 1000, 10_000])) : deepObject(rnd.pick([65, 200, 1000, 10_000]));
    case 6:
      return rnd.pick(UNICODE);
    case 7:
      return rnd.pick(SQL_SNIPPETS);
    case 8:
      return rnd.pick(codeSnippets(marker));
    default:
      return rnd.pick([
        [1, 'two', null, { three: 3 }],
        new Array(rnd.int(2, 50)).fill('x'),
        { jsonrpc: '2.0', id: 1, method: 'handshake' },
      ]);
  }
}

/** A value of the wrong type (or out of range) for a schema of this form: it must be refused. */
export function wrongValueFor(form: SchemaForm, rnd: SeededRandom): unknown {
  switch (form.kind) {
    case 'string':
      return rnd.pick([
        123,
        null,
        true,
        [],
        {},
        ...(form.min > 0 ? [''] : []),
        'y'.repeat(form.max + 1),
        ...PROTO_OBJECTS,
        deepArray(10_000),
      ]);
    case 'int':
      return rnd.pick([
        '1',
        1.5,
        null,
        true,
        [],
        {},
        ...(form.min > Number.MIN_SAFE_INTEGER ? [form.min - 1] : []),
        ...(form.max < Number.MAX_SAFE_INTEGER ? [form.max + 1] : [1e300]),
        2 ** 53 + 2,
      ]);
    case 'number':
      return rnd.pick(['1', null, true, [], {}, ...(form.min > -Number.MAX_VALUE ? [form.min - 1] : [])]);
    case 'boolean':
      return rnd.pick(['true', 1, 0, null, [], {}]);
    case 'literal':
      return rnd.pick([
        'NOT_A_VALUE',
        String(form.values[0]).toLowerCase(),
        ` ${String(form.values[0])}`,
        0,
        null,
        [],
        ...PROTO_KEYS.slice(0, 3),
      ]);
    case 'optional':
      return wrongValueFor(form.inner.form, rnd);
    case 'array':
      return rnd.pick([{}, 'x', 1, null, { length: 1, 0: 'x' }, ...(form.max <= 10_000 ? [new Array(form.max + 1).fill(null)] : [])]);
    case 'record':
      return rnd.pick([[], 'x', 1, null, deepObject(10_000)]);
    case 'object':
      return rnd.pick([[], 'x', 1, null, true, deepArray(10_000)]);
    case 'tagged':
      return rnd.pick([{}, { [form.tag]: 'NoSuchType' }, { [form.tag]: '__proto__' }, { [form.tag]: 'constructor' }, [], 'x', null]);
    case 'json':
      return rnd.pick([deepArray(form.maxDepth + 1), deepObject(form.maxDepth + 1), deepArray(10_000)]);
    case 'anyObject':
      return rnd.pick([[], 'x', 1, null]);
  }
}
