// Code written for Temporal's client, worker and testing packages, run against a Rewind server as it is:
// `new Client()` with no connection, Connection.lazy, apiKey functions and Durations, TLS refused and gRPC
// metadata ignored, NativeConnection.create, DefaultLogger's log function, a bundle kept without its map or in files,
// withDeadline / withAbortSignal / withMetadata, TestWorkflowEnvironment.createFromExistingServer, and the
// errors with what Temporal's carry.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  Client,
  Connection,
  ScheduleClient,
  WorkflowClient,
  ConnectionError,
  QueryNotRegisteredError,
  ServiceError,
  TemporalFailure,
  WorkflowExecutionAlreadyStartedError,
} from '@rewind/sdk/client';
import { ValueError } from '@rewind/sdk/common';
import { TestWorkflowEnvironment } from '@rewind/sdk/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  WorkflowBundleError,
  type LogEntry,
} from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { useServerAndWorker } from '../helpers/server';
import { tempDir } from '../helpers/temp';

const WORKFLOWS = path.join(__dirname, '../fixtures/workflows.ts');
const taskQueue = 'temporal-style';

/** Runs `fn` with these environment variables set, then puts the environment back. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('code written for Temporal connects and fails as it does there', function () {
  this.timeout(30_000);
  const env = useServerAndWorker({ taskQueue, activities });

  it('new Client() makes a lazy connection to REWIND_ADDRESS, opened by its first call', async function () {
    const client = await withEnv({ REWIND_ADDRESS: env.srv.address, TEMPORAL_ADDRESS: '' }, async () => {
      const c = new Client();
      const result = await c.workflow.execute('fanOut', { taskQueue, workflowId: 'lazy-client', args: [['ana']] });
      assert.deepEqual(result, ['hello ana']);
      return c;
    });
    await client.connection.close();
  });

  it("new WorkflowClient() and new ScheduleClient() work alone, as Temporal's older code makes them", async function () {
    const workflows = new WorkflowClient({ connection: env.srv.connection, namespace: 'default', identity: 'old-style' });
    assert.deepEqual(await workflows.execute('fanOut', { taskQueue, workflowId: 'old-style-client', args: [['bo']] }), ['hello bo']);
    const schedules = new ScheduleClient({ connection: env.srv.connection });
    const schedule = await schedules.create({
      scheduleId: 'old-style-schedule',
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'fanOut', taskQueue, args: [['cy']] },
    });
    assert.equal((await schedule.describe()).scheduleId, 'old-style-schedule');
    await schedule.delete();
    // With no connection: a lazy one to REWIND_ADDRESS, as new Client()'s.
    const lazy = await withEnv({ REWIND_ADDRESS: env.srv.address, TEMPORAL_ADDRESS: '' }, async () => {
      const c = new WorkflowClient();
      assert.equal((await c.getHandle('old-style-client').describe()).status.name, 'COMPLETED');
      return c;
    });
    await lazy.connection.close();
  });

  it('a lazy connection fails its first call when no server answers, after a connectTimeout given as a Duration', async function () {
    // A port that takes the TCP connection and never answers the WebSocket handshake.
    const silent = net.createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const address = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    const connection = Connection.lazy({ address, connectTimeout: '300ms' });
    const client = new Client({ connection });
    const started = Date.now();
    try {
      await assert.rejects(client.workflow.getHandle('nowhere').describe(), (err: unknown) => {
        assert.ok(err instanceof ConnectionError, String(err));
        assert.match(err.message, new RegExp(address.replace(/\./g, '\\.')));
        return true;
      });
      const waited = Date.now() - started;
      assert.ok(waited >= 250 && waited < 3000, `waited ${waited} ms for a 300 ms connect timeout`);
    } finally {
      await connection.close();
      silent.close();
    }
  });

  it('Connection.connect takes an apiKey function, called to connect; NativeConnection.create an apiKey', async function () {
    const token = 'temporal-style-token-0123456789';
    const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger, authToken: token });
    let calls = 0;
    const apiKey = (): string => {
      calls++;
      return token;
    };
    try {
      const connection = await Connection.connect({ address: server.address, apiKey });
      assert.equal(calls, 1);
      const native = await NativeConnection.create({ address: server.address, apiKey: token });
      Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
      const worker = await Worker.create({ connection: native, taskQueue: 'keyed', workflowsPath: WORKFLOWS, activities });
      assert.equal(worker.connection, native);
      const client = new Client({ connection });
      const result = await worker.runUntil(client.workflow.execute('fanOut', { taskQueue: 'keyed', workflowId: 'keyed', args: [['bo']] }));
      assert.deepEqual(result, ['hello bo']);
      await connection.close();
      await native.close();
    } finally {
      await server.close();
    }
  });

  it('refuses tls, which Rewind does not speak, and takes gRPC metadata (for the raw services) without a warning', async function () {
    assert.throws(
      () => Connection.lazy({ tls: true }),
      (err: unknown) => err instanceof TypeError && /TLS/.test(err.message),
    );
    await assert.rejects(
      Connection.connect({ address: env.srv.address, tls: { serverNameOverride: 'x' } }),
      /does not speak: it listens on plain WebSocket/,
    );
    await assert.rejects(NativeConnection.connect({ address: env.srv.address, tls: true }), /NativeConnection options ask for TLS/);
    const off = await Connection.connect({ address: env.srv.address, tls: false });
    await off.close();
    const warnings: Error[] = [];
    const onWarning = (w: Error): number => warnings.push(w);
    process.on('warning', onWarning);
    const connection = await Connection.connect({ address: env.srv.address, metadata: { 'x-team': 'payments' } });
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    assert.deepEqual(warnings, []);
    await connection.close();
  });

  it("runs calls with withDeadline, withAbortSignal and withMetadata, as Temporal's clients do", async function () {
    const { client } = env.srv;
    const handle = await client.workflow.start('approval', { taskQueue, workflowId: 'call-scopes', args: [1] });
    const started = Date.now();
    await assert.rejects(
      client.withDeadline(Date.now() + 300, () => handle.result()),
      (err: unknown) => err instanceof ServiceError && err.status === 'DEADLINE_EXCEEDED',
    );
    const waited = Date.now() - started;
    assert.ok(waited >= 250 && waited < 3000, `waited ${waited} ms for a 300 ms deadline`);
    const far = await client.withDeadline(new Date(Date.now() + 10_000), () => handle.describe());
    assert.equal(far.workflowId, 'call-scopes');

    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(new Error('the user gave up')), 200);
    await assert.rejects(
      client.workflow.withAbortSignal(ctrl.signal, () => handle.result()),
      (err: unknown) => {
        assert.ok(err instanceof ServiceError && err.status === 'CANCELLED', String(err));
        assert.match(String((err.cause as Error | undefined)?.message), /the user gave up/);
        return true;
      },
    );
    await assert.rejects(
      client.schedule.withAbortSignal(ctrl.signal, () => handle.describe()),
      (err: unknown) => err instanceof ServiceError && err.status === 'CANCELLED',
    );
    assert.equal(client.schedule.connection, client.connection);

    const described = await client.withMetadata({ 'x-request': 'r-1' }, () => handle.describe());
    assert.equal(described.workflowId, 'call-scopes');
    await handle.terminate('test over');
  });

  it("gives a DefaultLogger's log function entries, as Temporal's does", function () {
    const entries: LogEntry[] = [];
    const logger = new DefaultLogger('INFO', (entry) => entries.push(entry));
    const before = BigInt(Date.now()) * 1_000_000n;
    logger.info('hello', { taskQueue: 'q' });
    logger.debug('below the level');
    assert.equal(entries.length, 1);
    const [entry] = entries;
    assert.deepEqual(
      { level: entry!.level, message: entry!.message, meta: entry!.meta },
      { level: 'INFO', message: 'hello', meta: { taskQueue: 'q' } },
    );
    assert.equal(typeof entry!.timestampNanos, 'bigint');
    assert.ok(entry!.timestampNanos >= before && entry!.timestampNanos <= BigInt(Date.now()) * 1_000_000n);
  });

  it('runs a bundle kept without its source map ({ code }), and refuses code that Rewind did not bundle', async function () {
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS });
    const native = await NativeConnection.connect({ address: env.srv.address });
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
      const worker = await Worker.create({ connection: native, taskQueue: 'code-only', workflowBundle: { code }, activities });
      const result = await worker.runUntil(
        env.srv.client.workflow.execute('fanOut', { taskQueue: 'code-only', workflowId: 'code-only', args: [['cy']] }),
      );
      assert.deepEqual(result, ['hello cy']);
      await assert.rejects(
        Worker.create({ connection: native, taskQueue: 'foreign', workflowBundle: { code: 'module.exports = {};' } }),
        (err: unknown) => err instanceof WorkflowBundleError && /not made by Rewind's bundleWorkflowCode/.test(err.message),
      );
    } finally {
      await native.close();
    }
  });

  it('runs and replays a bundle written to files ({ codePath, sourceMapPath }), and names a file it cannot read', async function () {
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS });
    const dir = tempDir();
    const [codePath, sourceMapPath] = [path.join(dir, 'workflow-bundle.js'), path.join(dir, 'workflow-bundle.js.map')];
    fs.writeFileSync(codePath, bundle.code);
    fs.writeFileSync(sourceMapPath, bundle.sourceMap);
    const native = await NativeConnection.connect({ address: env.srv.address });
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
      const worker = await Worker.create({
        connection: native,
        taskQueue: 'from-files',
        workflowBundle: { codePath, sourceMapPath },
        activities,
      });
      const result = await worker.runUntil(
        env.srv.client.workflow.execute('fanOut', { taskQueue: 'from-files', workflowId: 'from-files', args: [['ed']] }),
      );
      assert.deepEqual(result, ['hello ed']);
      const history = await env.srv.client.workflow.getHandle('from-files').fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: { codePath } }, history, 'from-files');
      const missing = path.join(dir, 'missing.js');
      await assert.rejects(
        Worker.create({ connection: native, taskQueue: 'missing', workflowBundle: { codePath: missing } }),
        (err: unknown) => err instanceof ValueError && err.message.includes(`codePath ${missing}`),
      );
    } finally {
      await native.close();
    }
  });

  it('TestWorkflowEnvironment.createFromExistingServer works on a running server and leaves it running', async function () {
    const testEnv = await TestWorkflowEnvironment.createFromExistingServer({ address: env.srv.address });
    assert.equal(testEnv.supportsTimeSkipping, false);
    assert.equal(testEnv.address, env.srv.address);
    assert.equal(testEnv.workflowClient, testEnv.client.workflow);
    assert.ok(Math.abs((await testEnv.currentTimeMs()) - Date.now()) < 1000);
    Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
    const worker = await Worker.create({
      connection: testEnv.nativeConnection,
      taskQueue: 'existing',
      workflowsPath: WORKFLOWS,
      activities,
    });
    const result = await worker.runUntil(
      testEnv.client.workflow.execute('fanOut', { taskQueue: 'existing', workflowId: 'existing', args: [['di']] }),
    );
    assert.deepEqual(result, ['hello di']);
    await testEnv.teardown();
    assert.equal((await env.srv.client.workflow.getHandle('existing').describe()).workflowId, 'existing');
  });

  it("raises errors that carry what Temporal's carry", async function () {
    const handle = await env.srv.client.workflow.start('approval', { taskQueue, workflowId: 'errors', args: [1] });
    await assert.rejects(env.srv.client.workflow.start('approval', { taskQueue, workflowId: 'errors', args: [1] }), (err: unknown) => {
      assert.ok(err instanceof WorkflowExecutionAlreadyStartedError && err instanceof TemporalFailure, String(err));
      assert.deepEqual([err.workflowId, err.workflowType], ['errors', 'approval']);
      return true;
    });
    await assert.rejects(handle.query('nope'), (err: unknown) => {
      assert.ok(err instanceof QueryNotRegisteredError, String(err));
      assert.equal(err.code, 3, "the gRPC status INVALID_ARGUMENT, as Temporal's client gives");
      return true;
    });
    await handle.terminate('test over');
    await assert.rejects(env.srv.client.workflow.count('WorkflowType = '), (err: unknown) => {
      assert.ok(err instanceof ServiceError && err.status === 'INVALID_ARGUMENT', String(err));
      assert.equal(typeof err.rpcCode, 'number');
      return true;
    });
    const cause = new Error('the socket closed');
    const made = new ServiceError('could not call', { cause });
    assert.equal(made.cause, cause);
    assert.equal(made.message, 'could not call');
  });
});
