// One connection may hold at most MAX_WATCHES_PER_CONNECTION watches (histories and run lists together):
// past it a clear error; an ended watch makes room; other connections are not affected.
import assert from 'node:assert/strict';
import { MAX_WATCHES_PER_CONNECTION } from '../../src/service/watches/watch-scope';
import type { RawPeer } from '../helpers/raw-peer';
import { handshaken } from '../helpers/raw-session';
import { eventually, startServer, type TestServer } from '../helpers/server';

describe('watches per connection', function () {
  this.timeout(30_000);
  let srv: TestServer;
  before(async function () {
    srv = await startServer();
  });
  after(async function () {
    await srv.close();
  });

  const open = (): Promise<RawPeer> => handshaken(srv.address);

  it('refuses a watch past the limit, clearly; an ended one (unwatched, or its run closed) makes room', async function () {
    await srv.client.workflow.start('approval', { taskQueue: 'nobody', workflowId: 'watched', args: [1] });
    const peer = await open();
    const other = await open();
    try {
      const history = await peer.call(1, 'workflow.watch', { namespace: 'default', workflowId: 'watched', watchId: 'h' });
      assert.equal(history.error, undefined);
      for (let i = 1; i < MAX_WATCHES_PER_CONNECTION; i++) {
        const r = await peer.call(i + 1, 'executions.watch', { namespace: 'default', watchId: `w${i}` });
        assert.equal(r.error, undefined, `watch ${i}`);
      }
      const refused = await peer.call(5000, 'executions.watch', { namespace: 'default', watchId: 'one-too-many' });
      assert.match(refused.error?.message ?? '', /This connection already holds 1000 watches, the most one may: unwatch some/);
      // Watching again under an id it holds replaces that watch: no room needed.
      assert.equal(
        (await peer.call(5001, 'executions.watch', { namespace: 'default', watchId: 'w1', query: "WorkflowId = 'x'" })).error,
        undefined,
      );
      assert.equal(
        (await other.call(1, 'executions.watch', { namespace: 'default', watchId: 'w1' })).error,
        undefined,
        'another connection',
      );

      assert.equal((await peer.call(5002, 'executions.unwatch', { watchId: 'w1' })).error, undefined);
      assert.equal((await peer.call(5003, 'executions.watch', { namespace: 'default', watchId: 'after-unwatch' })).error, undefined);
      assert.match(
        (await peer.call(5004, 'executions.watch', { namespace: 'default', watchId: 'full-again' })).error?.message ?? '',
        /1000 watches/,
      );
      await srv.client.workflow.getHandle('watched').terminate('done'); // The history watch ends with its run.
      await peer.notification('history.events');
      assert.equal((await peer.call(5005, 'executions.watch', { namespace: 'default', watchId: 'after-close' })).error, undefined);

      // Its watches end with the connection, the other connection's stay.
      const service = srv.server.service;
      assert.equal(service.executionWatches.size, MAX_WATCHES_PER_CONNECTION + 1);
      peer.close();
      await eventually(() => (service.executionWatches.size === 1 ? true : undefined), 5000, "the closed connection's watches to end");
      assert.equal(service.watches.size, 0);
    } finally {
      peer.close();
      other.close();
    }
  });
});
