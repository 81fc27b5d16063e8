// Generates hostile frames from a seed: every field of every request method (taken from the protocol's
// schemas) given wrong values or left out, then a random mix of invalid JSON, messages that are not
// JSON-RPC, unknown methods, prototype keys, batches, deep nesting, forged task tokens and list queries.
import { requestSchemas, type Schema } from '@rewind/sdk/protocol';
import { batchOf, frameOf, Ids, request, textFrame, type Frame, type Message } from './fuzz-frames';
import { deepArray, deepObject, hostileValue, PROTO_KEYS, PROTO_OBJECTS, RawJson, SQL_SNIPPETS, wrongValueFor } from './hostile-values';
import { fieldPaths, OMIT, sample, sampleWith, type SampleOptions } from './schema-samples';
import type { SeededRandom } from './seeded-random';

export interface Targets {
  /** Namespaces to aim at (that exist, mostly). */
  namespaces: readonly string[];
  workflowIds: readonly string[];
  /** Task tokens to send: forged ones for real runs, stale ones, garbage. */
  taskTokens: readonly string[];
  /** List filters to send through workflow.list, workflow.count and executions.watch. */
  queries: readonly string[];
  /** Written by any snippet of code that a server would evaluate. */
  marker: string;
}

const METHODS = Object.keys(requestSchemas) as (keyof typeof requestSchemas)[];
const schemaOf = (method: keyof typeof requestSchemas): Schema<unknown> => requestSchemas[method] as Schema<unknown>;

export class FuzzGenerator {
  readonly ids = new Ids();
  private readonly opts: SampleOptions;

  constructor(
    private readonly rnd: SeededRandom,
    private readonly targets: Targets,
  ) {
    this.opts = { rnd, stringFor: (field) => this.stringFor(field) };
  }

  private stringFor(field: string | undefined): string | undefined {
    const { rnd, targets } = this;
    switch (field) {
      case 'namespace':
        return rnd.chance(0.9) ? rnd.pick(targets.namespaces) : undefined;
      case 'workflowId':
        return rnd.chance(0.7) ? rnd.pick(targets.workflowIds) : undefined;
      case 'taskToken':
        return rnd.pick(targets.taskTokens);
      case 'query':
        return rnd.pick(targets.queries);
      case 'nextPageToken':
        return rnd.chance(0.5) ? forgedPageToken(rnd) : undefined;
      default:
        // Any name may be a property of every object: an id, a signal, a watch, a key of a record.
        return rnd.chance(0.15) ? rnd.pick(PROTO_KEYS) : undefined;
    }
  }

  /** Each field of each method: a few wrong values, and left out; each method: params that are not an object. */
  *systematic(): Generator<Frame> {
    const { rnd } = this;
    for (const method of METHODS) {
      const schema = schemaOf(method);
      for (const params of [undefined, null, [], 'params', 42, deepArray(10_000), PROTO_OBJECTS[0]!]) {
        yield frameOf(request(this.ids, method, params));
      }
      for (const { path, schema: fieldSchema } of fieldPaths(schema)) {
        const leaves = [
          OMIT,
          wrongValueFor(fieldSchema.form, rnd),
          wrongValueFor(fieldSchema.form, rnd),
          hostileValue(rnd, this.targets.marker),
        ];
        for (const leaf of leaves) yield frameOf(request(this.ids, method, sampleWith(schema, path, leaf, this.opts)));
      }
    }
  }

  /** One random frame. */
  next(): Frame {
    const { rnd } = this;
    const r = rnd.next();
    if (r < 0.1) return this.invalidJson();
    if (r < 0.15) return batchOf(Array.from({ length: rnd.int(1, 12) }, () => this.message()));
    return frameOf(this.message());
  }

  /** One random message (a frame alone, or an element of a batch). */
  message(): Message {
    const { rnd } = this;
    const r = rnd.next();
    if (r < 0.3) return this.wrongParams();
    if (r < 0.45) return request(this.ids, rnd.pick(METHODS), sample(schemaOf(rnd.pick(METHODS)), this.opts)); // another method's params
    if (r < 0.55) return this.validParams();
    if (r < 0.65) return this.notJsonRpc();
    if (r < 0.72) return this.unknownMethod();
    if (r < 0.85) return this.listQuery();
    if (r < 0.95) return this.taskCompletion();
    return this.protoParams();
  }

  private wrongParams(): Message {
    const { rnd } = this;
    const method = rnd.pick(METHODS);
    const schema = schemaOf(method);
    const paths = fieldPaths(schema);
    if (paths.length === 0) return request(this.ids, method, hostileValue(rnd, this.targets.marker));
    const { path, schema: fieldSchema } = rnd.pick(paths);
    const leaf = rnd.chance(0.5) ? wrongValueFor(fieldSchema.form, rnd) : hostileValue(rnd, this.targets.marker);
    return request(this.ids, method, sampleWith(schema, path, leaf, this.opts));
  }

  private validParams(): Message {
    const method = this.rnd.pick(METHODS);
    return request(this.ids, method, sample(schemaOf(method), this.opts));
  }

  private protoParams(): Message {
    const { rnd } = this;
    const method = rnd.pick(METHODS);
    const params = sample(schemaOf(method), this.opts) as Record<string, unknown>;
    const key = rnd.pick(PROTO_KEYS);
    Object.defineProperty(params, key, {
      value: rnd.pick([...PROTO_OBJECTS, 'x', null]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return request(this.ids, method, params);
  }

  private unknownMethod(): Message {
    const { rnd } = this;
    const method = rnd.pick([
      ...PROTO_KEYS,
      ...PROTO_KEYS.map((k) => `workflow.${k}`),
      'Workflow.Start',
      ' workflow.list',
      'workflow.list\u0000',
      'rpc.discover',
      '../../etc/passwd',
      `m${rnd.int(0, 1e6)}`,
      'x'.repeat(200),
    ]);
    return request(this.ids, method, rnd.chance(0.5) ? {} : hostileValue(rnd, this.targets.marker));
  }

  private listQuery(): Message {
    const { rnd } = this;
    const method = rnd.pick(['workflow.list', 'workflow.count', 'executions.watch'] as const);
    const params = sample(schemaOf(method), this.opts) as Record<string, unknown>;
    params.query = rnd.chance(0.6) ? rnd.pick(this.targets.queries) : mutatedQuery(rnd, rnd.pick(this.targets.queries));
    return request(this.ids, method, params);
  }

  private taskCompletion(): Message {
    const { rnd } = this;
    const method = rnd.pick([
      'workflowTask.complete',
      'workflowTask.fail',
      'activityTask.complete',
      'activityTask.fail',
      'activityTask.cancelled',
      'activityTask.heartbeat',
      'queryTask.respond',
    ] as const);
    const params = sample(schemaOf(method), this.opts) as Record<string, unknown>;
    if (method === 'workflowTask.complete' && rnd.chance(0.5)) params.commands = [...outOfOrder(rnd)];
    return request(this.ids, method, params);
  }

  private notJsonRpc(): Message {
    const { rnd } = this;
    const id = this.ids.next();
    const withId = (value: Record<string, unknown>): Message => ({ value: { ...value, id }, ids: [id], nullReplies: 0 });
    const anonymous = (value: unknown): Message => ({ value, ids: [], nullReplies: 1 });
    const unanswered = (value: unknown): Message => ({ value, ids: [], nullReplies: 0 });
    switch (rnd.int(0, 11)) {
      case 0:
        return anonymous(rnd.pick([1, 'text', null, true, 1e308]));
      case 1:
        return anonymous(rnd.pick([{}, { hello: 'world' }, deepObject(rnd.pick([100, 10_000])), deepArray(rnd.pick([100, 10_000]))]));
      case 2:
        return withId({ jsonrpc: rnd.pick(['1.0', 2, null, '2.0 ']), method: 'namespace.list' });
      case 3:
        return withId({ jsonrpc: '2.0', method: rnd.pick([5, null, [], {}, true]) });
      case 4:
        return withId({ jsonrpc: '2.0', method: rnd.pick(['', 'x'.repeat(201)]) });
      case 5:
        return anonymous({ jsonrpc: '2.0', id: rnd.pick([{}, [1], true, null, 'i'.repeat(201)]), method: 'namespace.list' });
      case 6:
        return withId({ jsonrpc: '2.0' });
      case 7:
        return unanswered({ jsonrpc: '2.0', id, result: hostileValue(rnd, this.targets.marker) });
      case 8:
        return unanswered({ jsonrpc: '2.0', id: null, error: { code: -1, message: 'from a client' } });
      case 9:
        return unanswered({ jsonrpc: '2.0', method: rnd.pick(METHODS), params: sample(schemaOf(rnd.pick(METHODS)), this.opts) });
      case 10:
        return anonymous(PROTO_OBJECTS[rnd.int(0, PROTO_OBJECTS.length - 1)]);
      default:
        return withId({ jsonrpc: '2.0', method: 'namespace.list', params: new RawJson('{"__proto__":{"jsonrpc":"1.0"}}') });
    }
  }

  private invalidJson(): Frame {
    const { rnd } = this;
    const good = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'workflow.start', params: { namespace: 'default', workflowId: 'x' } });
    const text = rnd.pick([
      good.slice(0, rnd.int(0, good.length - 1)),
      '',
      '{',
      "{'jsonrpc': '2.0'}",
      '{"jsonrpc": "2.0", "id": 1,}',
      '{"jsonrpc": "2.0" /* comment */}',
      'NaN',
      'nil!',
      '\u0000\u0001\u0002',
      '{"a": "\\x41"}',
      '[1, 2',
      '{"id": 01}',
      String.fromCharCode(...Array.from({ length: rnd.int(1, 64) }, () => rnd.int(1, 0xd7ff))),
    ]);
    return textFrame(isJsonArray(text) ? `${text}}` : text);
  }
}

/** A page token that looks like one this server gives out, with the wrong contents. */
function forgedPageToken(rnd: SeededRandom): string {
  const json = rnd.pick([
    '1',
    'null',
    '"x"',
    '[]',
    '{}',
    '{"startTime":"x","runId":1}',
    '{"startTime":{},"runId":[]}',
    '{"__proto__":{}}',
    '{"startTime":1e999}',
  ]);
  return rnd.chance(0.8) ? Buffer.from(json).toString('base64url') : rnd.pick(['!!!', '%%%', 'a'.repeat(1000)]);
}

/** A list query with something hostile put in somewhere. */
function mutatedQuery(rnd: SeededRandom, query: string): string {
  const at = rnd.int(0, query.length);
  const insert = rnd.pick([...SQL_SNIPPETS, ...PROTO_KEYS, '(', ')', ' AND ', ' OR NOT ', '\\', "'", '"', '`', '\u0000', '😀', '--', ';']);
  const nested = rnd.chance(0.5) ? rnd.int(1, 100) : rnd.int(101, 4990);
  return rnd
    .pick([
      query.slice(0, at) + insert + query.slice(at),
      `${'('.repeat(nested)}WorkflowId = 'x'${')'.repeat(nested)}`,
      `${'NOT '.repeat(Math.min(nested, 2490))}WorkflowId = 'x'`,
      Array.from({ length: rnd.chance(0.5) ? rnd.int(2, 200) : rnd.int(201, 1240) }, () => 'x=1').join(rnd.pick([' AND ', ' OR '])),
      `${rnd.pick(PROTO_KEYS)} = 'x'`,
      `ExecutionStatus = '${rnd.pick(PROTO_KEYS)}'`,
      `\`${rnd.pick(['a\\', '$', 'a.b', '[0]', '', '\u0000', 'a"b'])}\` = 'x'`,
      `HistoryLength > ${'9'.repeat(rnd.int(20, 400))}`,
    ])
    .slice(0, 10_000);
}

/** Commands in an order no workflow sends: closing first, unknown seq numbers, duplicates. */
function* outOfOrder(rnd: SeededRandom): Generator<unknown> {
  const pool: unknown[] = [
    { type: 'CompleteWorkflowExecution', result: 'early' },
    { type: 'StartTimer', seq: 1, startToFireTimeoutMs: 1000 },
    { type: 'StartTimer', seq: 1, startToFireTimeoutMs: 1000 },
    { type: 'CancelTimer', seq: rnd.int(1, 1e6) },
    { type: 'RequestCancelActivityTask', seq: rnd.int(1, 1e6) },
    { type: 'AcceptWorkflowUpdate', updateId: rnd.pick(PROTO_KEYS) },
    { type: 'CompleteWorkflowUpdate', updateId: 'never-accepted', result: 1 },
    { type: 'FailWorkflowExecution', failure: { message: 'x', info: { type: 'application', errorType: 'E', nonRetryable: true } } },
  ];
  for (let i = rnd.int(1, 6); i > 0; i--) yield rnd.pick(pool);
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}
