// The reconnecting JSON-RPC client: a connection that fails at the start is given up for good.
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import { frameText } from '@rewind/sdk/internal/transport/frame-text';
import { RpcClient } from '@rewind/sdk/internal/transport/rpc-client';

describe('rpc client', function () {
  it('gives up for good when the first connection fails its handshake (no reconnecting in the background)', async function () {
    let connections = 0;
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws) => {
      connections++;
      ws.on('message', (data) => {
        const { id } = JSON.parse(frameText(data)) as { id: number };
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32000, message: 'not today' } }));
      });
    });
    await new Promise((r) => wss.once('listening', r));
    const { port } = wss.address() as { port: number };
    try {
      await assert.rejects(RpcClient.connect({ address: `127.0.0.1:${port}`, clientName: 'test' }), /not today/);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(connections, 1);
    } finally {
      wss.close();
    }
  });

  it('refuses to send a request larger than the server takes, saying so', async function () {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws) =>
      ws.on('message', (data) =>
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: (JSON.parse(frameText(data)) as { id: number }).id, result: {} })),
      ),
    );
    await new Promise((r) => wss.once('listening', r));
    const { port } = wss.address() as { port: number };
    const client = await RpcClient.connect({ address: `127.0.0.1:${port}`, clientName: 'test' });
    try {
      const big = 'x'.repeat(17 * 1024 * 1024);
      await assert.rejects(
        client.request('workflow.signal', { namespace: 'default', workflowId: 'w', signalName: 's', args: [big] }),
        /more than the server takes/,
      );
    } finally {
      client.close();
      wss.close();
    }
  });
});
