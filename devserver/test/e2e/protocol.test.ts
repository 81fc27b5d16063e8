// Bad input over the wire: each malformed message gets an error that says what is wrong, and the
// connection, the server and the workflows keep going.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { JSON_RPC_ERRORS, PROTOCOL_VERSION } from '@rewind/sdk/protocol';
import * as activities from '../fixtures/activities';
import { RewindServer } from '../../src/server';
import { PortInUseError } from '../../src/api/server-port';
import { silentLogger } from '../../src/service/logger';
import { RawPeer } from '../helpers/raw-peer';
import { startServer, startWorker, type TestServer } from '../helpers/server';

describe('protocol: bad input', function () {
  let srv: TestServer;
  let peer: RawPeer;

  before(async function () {
    srv = await startServer();
    peer = await RawPeer.open(srv.address);
  });

  after(async function () {
    peer.close();
    await srv.close();
  });

  it('asks for a handshake first', async function () {
    const reply = await peer.call(1, 'workflow.list', { namespace: 'default' });
    assert.equal(reply.error?.code, JSON_RPC_ERRORS.INVALID_REQUEST);
    assert.match(reply.error!.message, /first request on a connection must be "handshake"/);
  });

  it('refuses a handshake from another protocol version', async function () {
    const reply = await peer.call(2, 'handshake', { protocolVersion: PROTOCOL_VERSION + 1, client: 'test' });
    assert.match(reply.error?.message ?? '', /speaks protocol version 1, the client 2/);
    const ok = await peer.call(3, 'handshake', { protocolVersion: PROTOCOL_VERSION, client: 'test' });
    assert.equal((ok.result as { protocolVersion: number }).protocolVersion, PROTOCOL_VERSION);
  });

  it('answers text that is not JSON with a parse error', async function () {
    peer.send('{"jsonrpc": "2.0", "id": 4, "method": ');
    const [reply] = await peer.next();
    assert.equal(reply!.error?.code, JSON_RPC_ERRORS.PARSE_ERROR);
    assert.match(reply!.error!.message, /not JSON/);
  });

  it('answers a message that is not JSON-RPC', async function () {
    peer.send(JSON.stringify({ hello: 'world' }));
    const [reply] = await peer.next();
    assert.equal(reply!.error?.code, JSON_RPC_ERRORS.INVALID_REQUEST);
    peer.send('[]');
    const [empty] = await peer.next();
    assert.match(empty!.error?.message ?? '', /batch is empty/);
  });

  it('names the known methods when the method is unknown', async function () {
    const reply = await peer.call(5, 'workflow.explode', {});
    assert.equal(reply.error?.code, JSON_RPC_ERRORS.METHOD_NOT_FOUND);
    assert.match(reply.error!.message, /Method not found: workflow\.explode\. Known methods: .*workflow\.start/);
  });

  it('names the field, what was expected and what came, for wrong params', async function () {
    const reply = await peer.call(6, 'workflow.start', {
      namespace: 'default',
      workflowId: 'x',
      workflowType: 'order',
      taskQueue: 'q',
      args: 'not an array',
      requestId: 'r',
    });
    assert.equal(reply.error?.code, JSON_RPC_ERRORS.INVALID_PARAMS);
    assert.match(reply.error!.message, /Invalid params for workflow\.start: args: expected an array/);
    const nested = await peer.call(7, 'workflow.start', {
      namespace: 'default',
      workflowId: '',
      workflowType: 'order',
      taskQueue: 'q',
      args: [],
      requestId: 'r',
    });
    assert.match(nested.error?.message ?? '', /workflowId: expected a non-empty string/);
  });

  it('refuses JSON nested too deep in a payload', async function () {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    const reply = await peer.call(8, 'workflow.start', {
      namespace: 'default',
      workflowId: 'deep',
      workflowType: 'order',
      taskQueue: 'q',
      args: [deep],
      requestId: 'r',
    });
    assert.match(reply.error?.message ?? '', /nested deeper than 64/);
  });

  it('answers each message of a batch, good and bad', async function () {
    peer.send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 9, method: 'namespace.list' },
        { jsonrpc: '2.0', id: 10, method: 'nope' },
      ]),
    );
    const replies = await peer.next(2);
    const byId = new Map(replies.map((r) => [r.id, r]));
    assert.ok(byId.get(9)?.result);
    assert.equal(byId.get(10)?.error?.code, JSON_RPC_ERRORS.METHOD_NOT_FOUND);
  });

  it('refuses task tokens it never gave out, and stale ones', async function () {
    const bogus = await peer.call(11, 'workflowTask.complete', { taskToken: 'hello', commands: [] });
    assert.match(bogus.error?.message ?? '', /Not a workflow task token/);
    const stale = await peer.call(12, 'activityTask.complete', { taskToken: 'a:5:1:no-such-run', result: 1 });
    assert.equal(stale.error?.data?.status, 'NOT_FOUND');
  });

  it('refuses a connection from a web page (Origin header)', async function () {
    await assert.rejects(RawPeer.open(srv.address, { Origin: 'https://evil.example' }), /Unexpected server response: 403/);
  });

  it('after all of that, still runs workflows', async function () {
    const worker = await startWorker(srv.address, { taskQueue: 'after-abuse', activities });
    try {
      assert.deepEqual(
        await srv.client.workflow.execute('fanOut', { taskQueue: 'after-abuse', workflowId: 'after-abuse', args: [['x']] }),
        ['hello x'],
      );
    } finally {
      await worker.stop();
    }
  });
});

describe('server start-up errors', function () {
  it('says clearly that the port is taken', async function () {
    const first = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger });
    try {
      await assert.rejects(RewindServer.start({ db: ':memory:', port: first.port, log: silentLogger }), (err: Error) => {
        assert.ok(err instanceof PortInUseError);
        assert.match(
          err.message,
          new RegExp(`Port ${first.port} on 127\\.0\\.0\\.1 is already in use.*--port 7300, or REWIND_ADDRESS=127\\.0\\.0\\.1:7300`),
        );
        return true;
      });
      const cli = spawnSync(
        process.execPath,
        [path.resolve(__dirname, '../../bin/rewind.js'), 'server', 'start', '--db', ':memory:', '--port', String(first.port)],
        {
          encoding: 'utf8',
          timeout: 15_000,
        },
      );
      assert.equal(cli.status, 1);
      assert.match(cli.stderr, /already in use/);
    } finally {
      await first.close();
    }
  });

  it('says clearly when the database is not a Rewind database', function () {
    const cli = spawnSync(
      process.execPath,
      [path.resolve(__dirname, '../../bin/rewind.js'), 'server', 'start', '--db', __filename, '--port', '0'],
      {
        encoding: 'utf8',
        timeout: 15_000,
      },
    );
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /is not a SQLite database/);
  });
});
