// The extension and a server that wants an auth token: the connection sends the token (from the
// setting, else REWIND_AUTH_TOKEN), stops at a refusal instead of retrying, and the `rewind dev` it
// starts gets the token in its environment.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RewindServer } from '../../devserver/src/server';
import { silentLogger } from '../../devserver/src/service/logger';
import { effectiveAuthToken } from '../src/connection/auth-setting';
import { ServerConnection, type ConnectionState } from '../src/connection/server-connection';
import { DevServerProcess } from '../src/dev-server/dev-server-process';

const TOKEN = 'vscode-test-token-9d3e1f7a2b6c4058';

/** Connects and resolves once connected (ready for calls) or disconnected. */
function settle(address: string, authToken: string | undefined): Promise<{ connection: ServerConnection; state: ConnectionState }> {
  return new Promise((resolve) => {
    const connection: ServerConnection = new ServerConnection(
      address,
      'default',
      {
        onState: (state) => {
          if (state.kind === 'disconnected') resolve({ connection, state });
        },
        onConnected: () => resolve({ connection, state: connection.state }),
        onExecutionsChanged: () => undefined,
      },
      authToken,
    );
    connection.start();
  });
}

describe('the extension and an auth token', function () {
  let server: RewindServer;
  before(async () => (server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger, authToken: TOKEN })));
  after(() => server.close());

  it('takes the setting, else REWIND_AUTH_TOKEN', function () {
    assert.equal(effectiveAuthToken('from-setting', { REWIND_AUTH_TOKEN: 'from-env' }), 'from-setting');
    assert.equal(effectiveAuthToken('  ', { REWIND_AUTH_TOKEN: 'from-env' }), 'from-env');
    assert.equal(effectiveAuthToken('', {}), undefined);
  });

  it('connects with the token', async function () {
    const { connection, state } = await settle(server.address, TOKEN);
    try {
      assert.equal(state.kind, 'connected');
      const { namespaces } = await connection.call('namespace.list', {});
      assert.ok(namespaces.length > 0);
    } finally {
      connection.dispose();
    }
  });

  it('without the token (or with a wrong one) stops, saying what to set, instead of retrying', async function () {
    for (const [token, reason] of [
      [undefined, /requires an auth token: set REWIND_AUTH_TOKEN or pass apiKey .*rewind\.authToken in VS Code/],
      ['not-the-token', /refused the auth token/],
      ['two words', /rewind\.authToken setting \(or REWIND_AUTH_TOKEN\) holds characters an auth token cannot have/],
    ] as const) {
      const { connection, state } = await settle(server.address, token);
      connection.dispose();
      assert.equal(state.kind, 'disconnected');
      assert.ok(state.kind === 'disconnected' && state.refused, `a refusal, not a retry: ${JSON.stringify(state)}`);
      assert.match(state.reason, reason);
    }
  });

  it('starts rewind dev with the token in its environment, not its arguments', async function () {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-dev-token-'));
    try {
      const bin = path.join(folder, 'node_modules', '.bin', 'rewind');
      fs.mkdirSync(path.dirname(bin), { recursive: true });
      // A stand-in for rewind dev: says what it got, then that it is ready.
      fs.writeFileSync(
        bin,
        '#!/usr/bin/env node\n' +
          "process.stdout.write(`args=${process.argv.slice(2).join(' ')} token=${process.env.REWIND_AUTH_TOKEN ?? 'none'}\\nReady in 1 ms\\n`);\n" +
          'setInterval(() => undefined, 1000);\n',
        { mode: 0o755 },
      );
      let output = '';
      const dev = DevServerProcess.start(folder, '127.0.0.1:7999', { append: (text) => (output += text) }, TOKEN);
      await dev.ready;
      await dev.stop();
      assert.match(output, new RegExp(`args=dev --port 7999 token=${TOKEN}\\n`));
      assert.equal(output.split(TOKEN).length - 1, 1, 'the token shows only where the stand-in printed it');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
