// One port, two dialects: Temporal's own client (gRPC over HTTP/2) and Rewind's (WebSocket over
// HTTP/1.1) reach the same server at the same address; the door rules (auth token) hold for both.
import assert from 'node:assert/strict';
import { Connection as TemporalConnection } from '@temporalio/client';
import { Connection } from '@rewind/sdk/client';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { statusOf } from '../helpers/grpc-status';

const TOKEN = 'grpc-port-test-token-0123456789abcdef';

describe('the gRPC frontend: one port for both dialects', function () {
  this.timeout(30_000);

  it("answers Temporal's client and Rewind's on the same address", async function () {
    const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger });
    const temporal = await TemporalConnection.connect({ address: server.address });
    const rewind = await Connection.connect({ address: server.address });
    try {
      const info = await temporal.workflowService.getSystemInfo({});
      assert.match(info.serverVersion ?? '', /^rewind-/);
      assert.equal(info.capabilities?.sdkMetadata, true);
      assert.equal(info.capabilities?.supportsSchedules, true, 'schedules are served');
      const ns = await temporal.workflowService.describeNamespace({ namespace: 'default' });
      assert.equal(ns.namespaceInfo?.name, 'default');
      assert.deepEqual(
        (await rewind.call('namespace.list', {})).namespaces.map((n) => n.name),
        ['default'],
      );
      // Both at once, interleaved: neither dialect disturbs the other.
      const [listed, described] = await Promise.all([
        temporal.workflowService.listNamespaces({}),
        rewind.call('namespace.describe', { namespace: 'default' }),
      ]);
      assert.deepEqual(
        listed.namespaces.map((n) => n.namespaceInfo?.name),
        [described.name],
      );
    } finally {
      await temporal.close();
      await rewind.close();
      await server.close();
    }
  });

  it('says what is wrong: an unknown namespace is NOT_FOUND, a method not built names itself and what serves instead', async function () {
    const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger });
    const temporal = await TemporalConnection.connect({ address: server.address });
    try {
      const missing = await statusOf(temporal.workflowService.describeNamespace({ namespace: 'nope' }));
      assert.equal(missing.code, 5);
      assert.match(missing.details, /Namespace nope is not found/);
      const unbuilt = await statusOf(temporal.workflowService.listBatchOperations({ namespace: 'default' }));
      assert.equal(unbuilt.code, 12);
      assert.match(
        unbuilt.details,
        /^ListBatchOperations is not served by Rewind \(batch operations\)\. List the workflows with the query/,
      );
      // Where Rewind serves a way around, the answer says it.
      const schedules = await statusOf(temporal.workflowService.countSchedules({ namespace: 'default' }));
      assert.equal(schedules.code, 12);
      assert.match(
        schedules.details,
        /^CountSchedules is not served by Rewind \(counting schedules\)\. ListSchedules lists them all \(`rewind schedule list` too\)\. The README/,
      );
    } finally {
      await temporal.close();
      await server.close();
    }
  });

  it('wants the auth token on every gRPC call (the SDK sends apiKey as a bearer token; tls: false, as Rewind speaks plain HTTP/2)', async function () {
    const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger, authToken: TOKEN });
    try {
      const without = await statusOf(TemporalConnection.connect({ address: server.address }));
      assert.equal(without.code, 16, 'UNAUTHENTICATED');
      assert.match(without.details, /no auth token was sent/);
      const wrong = await statusOf(TemporalConnection.connect({ address: server.address, apiKey: 'not-the-token', tls: false }));
      assert.equal(wrong.code, 16);
      const right = await TemporalConnection.connect({ address: server.address, apiKey: TOKEN, tls: false });
      assert.equal((await right.workflowService.describeNamespace({ namespace: 'default' })).namespaceInfo?.name, 'default');
      await right.close();
      // Rewind's own dialect on the same port keeps its rule.
      const rewind = await Connection.connect({ address: server.address, apiKey: TOKEN });
      await rewind.close();
    } finally {
      await server.close();
    }
  });
});
