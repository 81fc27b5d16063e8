// Compressed requests, as Temporal's core sends every one (gzip): inflated to the same bytes, deflate as
// well, and one that inflates past the 4 MB request limit is RESOURCE_EXHAUSTED while the connection
// serves on (the server inflates in one step, grpc/one-shot-decompression.ts, with grpc-js's limit).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { compressionAlgorithms } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { RawGrpc, req, ws } from '../helpers/grpc-raw';
import { startServer, type TestServer } from '../helpers/server';

type Payload = temporal.api.common.v1.IPayload;

describe('gRPC frontend: compressed requests', function () {
  this.timeout(30_000);
  let srv: TestServer;

  before(async function () {
    srv = await startServer();
  });
  after(async function () {
    await srv.close();
  });

  const start = (raw: RawGrpc, workflowId: string, payload: Payload) =>
    raw.send(
      'StartWorkflowExecution',
      req(ws.StartWorkflowExecutionRequest, {
        namespace: 'default',
        workflowId,
        workflowType: { name: 'compressed' },
        taskQueue: { name: 'compressed' },
        requestId: randomUUID(),
        input: { payloads: [payload] },
      }),
      ws.StartWorkflowExecutionResponse,
    );

  const firstEventInput = async (raw: RawGrpc, workflowId: string): Promise<Payload | undefined> => {
    const answer = await raw.send(
      'GetWorkflowExecutionHistory',
      req(ws.GetWorkflowExecutionHistoryRequest, { namespace: 'default', execution: { workflowId } }),
      ws.GetWorkflowExecutionHistoryResponse,
    );
    assert.ok(answer.ok, answer.ok ? '' : answer.details);
    return answer.response.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  };

  for (const [name, algorithm] of [
    ['gzip', compressionAlgorithms.gzip],
    ['deflate', compressionAlgorithms.deflate],
  ] as const) {
    it(`takes a ${name} request as the bytes it holds`, async function () {
      const raw = new RawGrpc(srv.address, { 'grpc.default_compression_algorithm': algorithm });
      try {
        const data = Buffer.from(JSON.stringify({ text: 'a value worth compressing '.repeat(200), algorithm: name }));
        const payload: Payload = { metadata: { encoding: Buffer.from('json/plain') }, data };
        const answer = await start(raw, `compressed-${name}`, payload);
        assert.ok(answer.ok, answer.ok ? '' : answer.details);
        const stored = await firstEventInput(raw, `compressed-${name}`);
        assert.deepEqual(Buffer.from(stored?.data ?? []), data);
      } finally {
        raw.close();
      }
    });
  }

  it('refuses a request that inflates past 4 MB (RESOURCE_EXHAUSTED), and the connection serves on', async function () {
    const raw = new RawGrpc(srv.address, { 'grpc.default_compression_algorithm': compressionAlgorithms.gzip });
    try {
      // 5 MB of zeros: a few kilobytes on the wire.
      const bomb: Payload = { metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.alloc(5 * 1024 * 1024) };
      const answer = await start(raw, 'compressed-bomb', bomb);
      assert.ok(!answer.ok, 'the call succeeded');
      assert.equal(answer.status, 'RESOURCE_EXHAUSTED');
      assert.match(answer.details, /decompresses to a size larger than 4194304/);
      const small: Payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"after"') };
      const after = await start(raw, 'compressed-after', small);
      assert.ok(after.ok, after.ok ? '' : after.details);
    } finally {
      raw.close();
    }
  });
});
