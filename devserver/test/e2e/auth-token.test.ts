// The auth token end to end: a server started with one lets in only connections that send it (raw
// WebSocket, SDK client and worker, CLI, rewind dev), says why it refuses the others without logging any
// token, still refuses web pages, and will not listen beyond this machine without one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { Client, Connection, UnauthenticatedError } from '@rewind/sdk/client';
import { PROTOCOL_VERSION } from '@rewind/sdk/protocol';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import { RewindServer } from '../../src/server';
import type { Logger } from '../../src/service/logger';
import { runCli, startCli } from '../cli/run-cli';
import { eventually } from '../helpers/server';
import { RawPeer } from '../helpers/raw-peer';
import { tempDir } from '../helpers/temp';

const TOKEN = 'rewind-test-token-5f2c9a41d7e8b036';
const OTHER_TOKEN = 'rewind-other-token-0a1b2c3d4e5f6789';
const WORKFLOWS = path.join(__dirname, '../fixtures/workflows.ts');
const REWIND = path.resolve(__dirname, '../../bin/rewind.js');
/** Child processes get no token from the environment the tests run in. */
const NO_ENV_TOKEN = { REWIND_AUTH_TOKEN: '' };

/** A logger that keeps its lines (the server's refusals are asserted on). */
function captureLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string): void => void lines.push(m);
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

type UpgradeOutcome = { status: 101; ws: WebSocket } | { status: number; body: string };

/** A WebSocket upgrade with these headers: the open socket, or the HTTP status and text of the refusal. */
function upgrade(address: string, headers: Record<string, string>): Promise<UpgradeOutcome> {
  const ws = new WebSocket(`ws://${address}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        ws.terminate();
      });
    });
    ws.once('error', reject);
  });
}

/** Runs `fn` with REWIND_AUTH_TOKEN set to `value`, then puts the environment back. */
async function withEnvToken<T>(value: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.REWIND_AUTH_TOKEN;
  process.env.REWIND_AUTH_TOKEN = value;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.REWIND_AUTH_TOKEN;
    else process.env.REWIND_AUTH_TOKEN = before;
  }
}

const unauthenticated = (pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof UnauthenticatedError, `expected an UnauthenticatedError, got ${String(err)}`);
  assert.match(err.message, pattern);
  assert.ok(!err.message.includes(TOKEN) && !err.message.includes(OTHER_TOKEN), 'no token in the message');
  return true;
};

describe('auth token', function () {
  let server: RewindServer;
  const log = captureLog();
  // The tests assert on what this process sends: none of them may inherit a token from the environment.
  const envBefore = process.env.REWIND_AUTH_TOKEN;

  before(async function () {
    delete process.env.REWIND_AUTH_TOKEN;
    server = await RewindServer.start({ db: ':memory:', port: 0, log, authToken: TOKEN });
  });

  after(async function () {
    await server.close();
    if (envBefore !== undefined) process.env.REWIND_AUTH_TOKEN = envBefore;
  });

  beforeEach(() => (log.lines.length = 0));

  describe('a raw WebSocket', function () {
    it('without a token gets 401 with the reason, and the server logs it', async function () {
      const outcome = await upgrade(server.address, {});
      assert.equal(outcome.status, 401);
      assert.match((outcome as { body: string }).body, /no auth token was sent; send it as the header Authorization: Bearer <token>/);
      assert.ok(
        log.lines.some((l) => /^Refused a connection from 127\.0\.0\.1: no auth token was sent/.test(l)),
        log.lines.join('\n'),
      );
    });

    it('with a wrong token (or not a bearer token) gets 401, and no token reaches the log', async function () {
      const wrong = await upgrade(server.address, { Authorization: `Bearer ${OTHER_TOKEN}` });
      assert.equal(wrong.status, 401);
      assert.match((wrong as { body: string }).body, /not the one this server was started with/);
      const basic = await upgrade(server.address, { Authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` });
      assert.equal(basic.status, 401);
      assert.match((basic as { body: string }).body, /is not "Bearer <token>"/);
      const prefix = await upgrade(server.address, { Authorization: `Bearer ${TOKEN.slice(0, -1)}` });
      assert.equal(prefix.status, 401, 'a prefix of the token is not the token');
      assert.equal(log.lines.filter((l) => l.startsWith('Refused a connection')).length, 3, log.lines.join('\n'));
      for (const line of log.lines) assert.ok(!line.includes(TOKEN.slice(0, -1)) && !line.includes(OTHER_TOKEN), line);
    });

    it('with the right token is let in and answered', async function () {
      const outcome = await upgrade(server.address, { Authorization: `Bearer ${TOKEN}` });
      assert.equal(outcome.status, 101);
      const peer = new RawPeer((outcome as { ws: WebSocket }).ws);
      try {
        const hello = await peer.call(1, 'handshake', { protocolVersion: PROTOCOL_VERSION, client: 'test' });
        assert.equal((hello.result as { protocolVersion: number }).protocolVersion, PROTOCOL_VERSION);
        const list = await peer.call(2, 'namespace.list', {});
        assert.ok((list.result as { namespaces: { name: string }[] }).namespaces.some((n) => n.name === 'default'));
      } finally {
        peer.close();
      }
    });

    it('from a web page is refused even with the right token', async function () {
      const outcome = await upgrade(server.address, { Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' });
      assert.equal(outcome.status, 403);
    });

    it('the plain HTTP hello needs the token too', async function () {
      const noToken = await fetch(`http://${server.address}/`);
      assert.equal(noToken.status, 401);
      assert.match(await noToken.text(), /no auth token was sent/);
      const withToken = await fetch(`http://${server.address}/`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(withToken.status, 200);
      assert.match(await withToken.text(), /^Rewind server /);
    });
  });

  describe('the SDK', function () {
    it('Connection.connect({ apiKey }) works; without it fails at once, saying what to do', async function () {
      const connection = await Connection.connect({ address: server.address, apiKey: TOKEN });
      try {
        const { namespaces } = await connection.call('namespace.list', {});
        assert.ok(namespaces.length > 0);
      } finally {
        await connection.close();
      }
      await assert.rejects(
        Connection.connect({ address: server.address }),
        unauthenticated(/requires an auth token: set REWIND_AUTH_TOKEN or pass apiKey/),
      );
      await assert.rejects(
        Connection.connect({ address: server.address, apiKey: OTHER_TOKEN }),
        unauthenticated(/refused the auth token: it is not the one the server was started with/),
      );
    });

    it('takes the token from REWIND_AUTH_TOKEN when apiKey is not given; apiKey wins over it', async function () {
      await withEnvToken(TOKEN, async () => {
        const connection = await Connection.connect({ address: server.address });
        await connection.call('namespace.list', {});
        await connection.close();
        const native = await NativeConnection.connect({ address: server.address });
        await native.call('namespace.list', {});
        await native.close();
      });
      await withEnvToken(OTHER_TOKEN, async () => {
        const connection = await Connection.connect({ address: server.address, apiKey: TOKEN });
        await connection.call('namespace.list', {});
        await connection.close();
      });
    });

    it('refuses an apiKey that cannot be sent as a header, saying why', async function () {
      await assert.rejects(
        Connection.connect({ address: server.address, apiKey: 'two words' }),
        /apiKey holds characters an auth token cannot have/,
      );
    });

    it('a worker with apiKey runs a workflow to completion', async function () {
      Runtime.install({ logger: new DefaultLogger('WARN', () => undefined), shutdownSignals: [] });
      const nativeConnection = await NativeConnection.connect({ address: server.address, apiKey: TOKEN });
      const connection = await Connection.connect({ address: server.address, apiKey: TOKEN });
      try {
        const worker = await Worker.create({ connection: nativeConnection, taskQueue: 'auth-q', workflowsPath: WORKFLOWS, activities });
        const client = new Client({ connection });
        const result = await worker.runUntil(
          client.workflow.execute('fanOut', { taskQueue: 'auth-q', workflowId: 'auth-fan-out', args: [['a', 'b']] }),
        );
        assert.deepEqual(result, ['hello a', 'hello b']);
      } finally {
        await connection.close();
        await nativeConnection.close();
      }
    });

    it('a server back with another token ends clients and workers with the error, not a reconnect loop', async function () {
      const lines: string[] = [];
      Runtime.install({ logger: new DefaultLogger('WARN', ({ message }) => lines.push(message)), shutdownSignals: [] });
      const first = await RewindServer.start({ db: ':memory:', port: 0, log: captureLog(), authToken: TOKEN });
      const port = first.port;
      const connection = await Connection.connect({ address: first.address, apiKey: TOKEN });
      const nativeConnection = await NativeConnection.connect({ address: first.address, apiKey: TOKEN });
      let second: RewindServer | undefined;
      try {
        const worker = await Worker.create({ connection: nativeConnection, taskQueue: 'auth-restart', activities });
        const running = worker.run();
        running.catch(() => undefined);
        await eventually(() => worker.getState() === 'RUNNING', 5000, 'the worker to run');
        await first.close();
        // Made while the server is away: it waits for the reconnection, which is refused.
        const waiting = connection.call('namespace.list', {});
        second = await RewindServer.start({ db: ':memory:', port, log: captureLog(), authToken: OTHER_TOKEN });
        await assert.rejects(waiting, unauthenticated(/refused the auth token/));
        await assert.rejects(running, unauthenticated(/refused the auth token/));
        assert.equal(worker.getState(), 'FAILED');
        assert.ok(
          lines.some((l) => /Worker stopping: The Rewind server at .* refused the auth token/.test(l)),
          lines.join('\n'),
        );
        // Later calls say why the connection ended, not only that it did.
        await assert.rejects(connection.call('namespace.list', {}), unauthenticated(/refused the auth token/));
      } finally {
        await connection.close();
        await nativeConnection.close();
        await second?.close();
      }
    });
  });

  describe('the CLI', function () {
    it('rewind server start --ip 0.0.0.0 without a token refuses to start, saying how to pass one', async function () {
      const run = await runCli(['server', 'start', '--ip', '0.0.0.0', '--port', '0', '--db', ':memory:'], NO_ENV_TOKEN);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /Refusing to listen on 0\.0\.0\.0 without an auth token/);
      assert.match(run.stderr, /Pass a long random token .* with --auth-token <token> or the REWIND_AUTH_TOKEN environment variable/);
      assert.doesNotMatch(run.stdout, /listening on/);
    });

    it('rewind server start --ip 0.0.0.0 --auth-token starts, warns, and lets in clients with the token', async function () {
      const cli = startCli(['server', 'start', '--ip', '0.0.0.0', '--port', '0', '--db', ':memory:', '--auth-token', TOKEN], NO_ENV_TOKEN);
      try {
        const port = await eventually(() => /listening on 0\.0\.0\.0:(\d+)/.exec(cli.output())?.[1], 15_000, 'the server to listen');
        assert.match(cli.output(), /Listening on 0\.0\.0\.0: anyone who can reach this address and has the auth token/);
        assert.ok(!cli.output().includes(TOKEN), 'the token is not printed');
        const address = `127.0.0.1:${port}`;
        await assert.rejects(Connection.connect({ address }), UnauthenticatedError);
        const connection = await Connection.connect({ address, apiKey: TOKEN });
        await connection.call('namespace.list', {});
        await connection.close();
      } finally {
        cli.proc.kill('SIGINT');
        assert.equal(await cli.exited, 0);
      }
    });

    it('rewind server start refuses an empty --auth-token', async function () {
      const run = await runCli(['server', 'start', '--port', '0', '--db', ':memory:', '--auth-token', ''], NO_ENV_TOKEN);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /--auth-token is empty/);
    });

    it('client commands send --auth-token (or REWIND_AUTH_TOKEN), and say what to do without it', async function () {
      const ok = await runCli(['workflow', 'list', '--address', server.address, '--auth-token', TOKEN, '-o', 'json'], NO_ENV_TOKEN);
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok(Array.isArray(JSON.parse(ok.stdout)));
      const fromEnv = await runCli(['namespace', 'list', '--address', server.address, '-o', 'json'], { REWIND_AUTH_TOKEN: TOKEN });
      assert.equal(fromEnv.code, 0, fromEnv.stderr);
      const without = await runCli(['workflow', 'list', '--address', server.address], NO_ENV_TOKEN);
      assert.equal(without.code, 1);
      assert.match(without.stderr, /requires an auth token: set REWIND_AUTH_TOKEN or pass apiKey \(--auth-token for the rewind CLI/);
      const wrong = await runCli(['workflow', 'list', '--address', server.address, '--auth-token', OTHER_TOKEN], NO_ENV_TOKEN);
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /refused the auth token/);
    });

    it('rewind dev --auth-token: its server wants the token and its own worker sends it', async function () {
      this.timeout(60_000);
      const project = tempDir('rewind-dev-auth-');
      fs.mkdirSync(path.join(project, 'src'));
      fs.writeFileSync(
        path.join(project, 'package.json'),
        JSON.stringify({ private: true, rewind: { workflowsPath: './src/workflows.ts', taskQueue: 'dev-auth-q' } }),
      );
      fs.writeFileSync(
        path.join(project, 'src/workflows.ts'),
        'export async function twice(n: number): Promise<number> {\n  return n * 2;\n}\n',
      );
      const proc = spawn(process.execPath, [REWIND, 'dev', '--port', '0', '--auth-token', TOKEN], {
        cwd: project,
        env: { ...process.env, ...NO_ENV_TOKEN },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve));
      try {
        await eventually(() => /Ready in \d+ ms/.test(out) || proc.exitCode !== null, 30_000, 'rewind dev to be ready');
        assert.match(out, /Ready in \d+ ms/, out);
        const address = /Server listening on (127\.0\.0\.1:\d+)/.exec(out)![1]!;
        await assert.rejects(Connection.connect({ address }), UnauthenticatedError);
        const connection = await Connection.connect({ address, apiKey: TOKEN });
        try {
          const client = new Client({ connection });
          assert.equal(await client.workflow.execute('twice', { taskQueue: 'dev-auth-q', workflowId: 'dev-auth', args: [21] }), 42);
        } finally {
          await connection.close();
        }
      } finally {
        proc.kill('SIGINT');
        await exited;
      }
    });
  });
});
