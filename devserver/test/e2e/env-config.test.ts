// Connections configured by the environment alone, as Temporal's `@temporalio/envconfig` reads it:
// REWIND_ADDRESS / REWIND_NAMESPACE / REWIND_AUTH_TOKEN first, then TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE /
// TEMPORAL_API_KEY. A child process with only variables set runs a worker and a client that name nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@rewind/sdk/client';
import { ValueError } from '@rewind/sdk/common';
import { parseAddress, toWebSocketUrl } from '@rewind/sdk/internal/transport/address';
import { resolveAuthToken } from '@rewind/sdk/internal/transport/auth-token';
import { envAddress, envNamespace, fromEnv } from '@rewind/sdk/internal/transport/env-config';
import { listenAddressFromEnv } from '../../src/cli/listen-address';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { freePort } from '../helpers/processes';
import { NO_SERVER_ENV } from '../helpers/no-server-env';

const CHILD = path.join(__dirname, '../fixtures/env-only-client.ts');
const TOKEN = 'env-config-test-token-0123456789';
/** Every variable the reader knows, unset: each child gets only what its test gives it. */
const NONE = NO_SERVER_ENV;

interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runChild(env: Record<string, string>): Promise<ChildRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CHILD],
      { env: { ...process.env, ...NONE, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('configuration from the environment', function () {
  describe('the reader', function () {
    it("takes Rewind's variable first, then Temporal's, then the default; a blank one counts as unset", function () {
      assert.equal(envAddress({}).address, '127.0.0.1:7233');
      assert.deepEqual(envAddress({ TEMPORAL_ADDRESS: 'localhost:7300' }), { address: 'localhost:7300', variable: 'TEMPORAL_ADDRESS' });
      assert.deepEqual(envAddress({ REWIND_ADDRESS: '127.0.0.1:7400', TEMPORAL_ADDRESS: 'localhost:7300' }), {
        address: '127.0.0.1:7400',
        variable: 'REWIND_ADDRESS',
      });
      assert.deepEqual(envAddress({ REWIND_ADDRESS: ' ', TEMPORAL_ADDRESS: 'localhost:7300' }).variable, 'TEMPORAL_ADDRESS');
      assert.equal(envNamespace({}), 'default');
      assert.equal(envNamespace({ TEMPORAL_NAMESPACE: 'orders' }), 'orders');
      assert.equal(envNamespace({ REWIND_NAMESPACE: 'mine', TEMPORAL_NAMESPACE: 'orders' }), 'mine');
      assert.deepEqual(fromEnv('apiKey', { TEMPORAL_API_KEY: 'k1' }), { value: 'k1', variable: 'TEMPORAL_API_KEY' });
      assert.equal(resolveAuthToken(undefined, { REWIND_AUTH_TOKEN: 'r1', TEMPORAL_API_KEY: 'k1' }), 'r1');
      assert.equal(resolveAuthToken('given', { REWIND_AUTH_TOKEN: 'r1' }), 'given');
      assert.equal(resolveAuthToken(undefined, {}), undefined);
    });

    it('names the variable that holds something other than an address, or a token that cannot be sent', function () {
      assert.throws(
        () => envAddress({ TEMPORAL_ADDRESS: 'my host:7233' }),
        (err: Error) => {
          assert.ok(err instanceof ValueError);
          assert.match(err.message, /^TEMPORAL_ADDRESS holds 'my host:7233', which is not a server address: expected host:port/);
          return true;
        },
      );
      assert.throws(() => envAddress({ REWIND_ADDRESS: 'a:b:c' }), /^ValueError: REWIND_ADDRESS holds 'a:b:c'/);
      assert.throws(() => resolveAuthToken(undefined, { TEMPORAL_API_KEY: 'two words' }), /TEMPORAL_API_KEY holds characters/);
    });

    it("reads a bare host as Temporal's SDK does: port 7233", function () {
      assert.deepEqual(parseAddress('my-host'), { host: 'my-host', port: 7233 });
      assert.deepEqual(parseAddress('[::1]:7300'), { host: '[::1]', port: 7300 });
      assert.equal(toWebSocketUrl('localhost'), 'ws://localhost:7233');
      assert.equal(parseAddress('::1'), undefined);
    });

    it('rewind server start and rewind dev listen at the address when it is this machine, and say so when it is not', function () {
      assert.deepEqual(listenAddressFromEnv({}), { host: '127.0.0.1', port: 7233 });
      assert.deepEqual(listenAddressFromEnv({ TEMPORAL_ADDRESS: 'localhost:7300' }), {
        host: 'localhost',
        port: 7300,
        variable: 'TEMPORAL_ADDRESS',
      });
      assert.deepEqual(listenAddressFromEnv({ REWIND_ADDRESS: '[::1]:7301' }), { host: '::1', port: 7301, variable: 'REWIND_ADDRESS' });
      const remote = listenAddressFromEnv({ TEMPORAL_ADDRESS: 'my-ns.a1b2c.tmprl.cloud:7233' });
      assert.equal(remote.port, 7233);
      assert.equal(remote.host, '127.0.0.1');
      assert.match(remote.note ?? '', /TEMPORAL_ADDRESS is my-ns\.a1b2c\.tmprl\.cloud:7233, not this machine/);
    });
  });

  describe('a worker and a client that name nothing', function () {
    this.timeout(90_000);
    let server: RewindServer;

    before(async function () {
      server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger, authToken: TOKEN, leaseGraceMs: 0 });
      const admin = await Connection.connect({ address: server.address, apiKey: TOKEN });
      await admin.call('namespace.register', { namespace: 'env-ns' });
      await admin.close();
    });
    after(async function () {
      await server?.close();
    });

    it("connect with Temporal's variables alone (address, namespace, API key)", async function () {
      const run = await runChild({ TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'env-ns', TEMPORAL_API_KEY: TOKEN });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), { clientNamespace: 'env-ns', workerNamespace: 'env-ns', result: 'charged 10; hello o-1' });
    });

    it("take Rewind's variables over Temporal's", async function () {
      const run = await runChild({
        REWIND_ADDRESS: server.address,
        REWIND_NAMESPACE: 'env-ns',
        REWIND_AUTH_TOKEN: TOKEN,
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        TEMPORAL_NAMESPACE: 'not-this-one',
        TEMPORAL_API_KEY: 'not-this-one-either',
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as { clientNamespace: string }).clientNamespace, 'env-ns');
    });

    it('say which variable gave an address where no server answers', async function () {
      const port = await freePort();
      const run = await runChild({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        new RegExp(
          `ConnectionError: Cannot connect to the Rewind server at 127\\.0\\.0\\.1:${port}: .*\\(The address is from TEMPORAL_ADDRESS\\.\\)`,
        ),
      );
    });
  });
});
