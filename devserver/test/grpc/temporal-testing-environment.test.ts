// A Temporal project's test file on Rewind: @temporalio/testing's TestWorkflowEnvironment (createLocal and
// createTimeSkipping) starting Rewind's executable in place of Temporal's downloads, a Temporal worker on
// it, a workflow sleeping for days done at once, env.sleep and env.currentTimeMs on the skipped clock, and
// nothing left running after teardown.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { defineSearchAttributeKey } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { rewindTemporalServer } from '../../src/temporal-executable';
import * as activities from '../fixtures/temporal-sdk/activities';
import type { hello, sleeper } from '../fixtures/temporal-sdk/workflows';
import { freePort } from '../helpers/processes';
import { fixtureBundle } from '../helpers/temporal-sdk';

const DAY = 24 * 3600 * 1000;

/** Live processes running Rewind's executable on `address`'s port (read from /proc: their command lines). */
function serverProcesses(address: string): number[] {
  const port = address.slice(address.lastIndexOf(':') + 1);
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string[];
    let state: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      state = /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] ?? '';
    } catch {
      continue; // gone meanwhile
    }
    if (state !== 'Z' && cmdline.some((a) => a.endsWith('rewind-temporal-server.js')) && cmdline.includes(port)) pids.push(Number(entry));
  }
  return pids;
}

/** A Temporal worker on the fixtures' workflows, running until `body` is done. */
async function withWorker<T>(env: TestWorkflowEnvironment, taskQueue: string, body: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await fixtureBundle(),
    activities,
  });
  return worker.runUntil(body);
}

describe("@temporalio/testing's TestWorkflowEnvironment on Rewind's executable", function () {
  this.timeout(120_000);

  describe('createTimeSkipping', function () {
    let env: TestWorkflowEnvironment;
    before(async function () {
      env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: rewindTemporalServer } });
    });
    after(async function () {
      const address = env?.address;
      await env?.teardown();
      if (address) assert.deepEqual(serverProcesses(address), [], 'teardown leaves no server process');
    });

    it('runs a workflow that sleeps for three days to its end at once: the clock skips while the client waits', async function () {
      assert.equal(env.supportsTimeSkipping, true);
      assert.equal(serverProcesses(env.address).length, 1, 'one server process, started by the environment');
      const before = await env.currentTimeMs();
      const result = await withWorker(env, 'ts-sleep', () =>
        env.client.workflow.execute<typeof sleeper>('sleeper', { taskQueue: 'ts-sleep', workflowId: 'ts-sleeper', args: [3 * DAY] }),
      );
      assert.equal(result, `slept ${3 * DAY}`);
      assert.ok((await env.currentTimeMs()) - before >= 3 * DAY, 'the server clock moved three days on');
    });

    it('env.sleep moves the clock on, firing the timers on the way', async function () {
      await withWorker(env, 'ts-env-sleep', async () => {
        const handle = await env.client.workflow.start<typeof sleeper>('sleeper', {
          taskQueue: 'ts-env-sleep',
          workflowId: 'ts-env-sleeper',
          args: [DAY],
        });
        // Its timer is set, and nobody waits for a result: time skipping is locked.
        while ((await handle.fetchHistory()).events?.every((e) => !e.timerStartedEventAttributes));
        const start = await env.currentTimeMs();
        assert.equal((await handle.describe()).status.name, 'RUNNING');
        await env.sleep(2 * DAY);
        assert.ok((await env.currentTimeMs()) - start >= 2 * DAY, 'env.sleep moved the clock two days on');
        // The one-day timer fired on the way: the workflow ends (its worker is still running).
        assert.equal(await handle.result(), `slept ${DAY}`);
        assert.ok((await env.currentTimeMs()) - start < 3 * DAY, 'and the clock did not skip past what was asked');
      });
    });

    it("keeps Temporal's lock count: it starts locked, and an unlock without a lock is refused", async function () {
      const testService = env.connection.testService!;
      await testService.unlockTimeSkipping({}); // the lock it starts with
      await assert.rejects(testService.unlockTimeSkipping({}), (err: Error & { code?: number }) => {
        assert.equal(err.code, grpc.status.FAILED_PRECONDITION);
        assert.match(err.message, /Unbalanced lock and unlock calls/);
        return true;
      });
      await testService.lockTimeSkipping({});
    });
  });

  describe('createLocal', function () {
    it('serves a Temporal worker and client in the namespace asked for, with its search attributes, without time skipping; teardown stops the process', async function () {
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: rewindTemporalServer,
          namespace: 'local-tests',
          searchAttributes: [defineSearchAttributeKey('CustomerId', 'KEYWORD')],
        },
      });
      try {
        assert.equal(env.supportsTimeSkipping, false);
        assert.equal(serverProcesses(env.address).length, 1);
        const result = await withWorker(env, 'local-hello', () =>
          env.client.workflow.execute<typeof hello>('hello', { taskQueue: 'local-hello', workflowId: 'local-hello', args: ['Rewind'] }),
        );
        assert.match(result, /Rewind/);
        const described = await env.connection.workflowService.describeNamespace({ namespace: 'local-tests' });
        assert.equal(described.namespaceInfo?.name, 'local-tests');
        const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: 'local-tests' });
        assert.equal(customAttributes?.CustomerId, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      } finally {
        await env.teardown();
      }
      assert.deepEqual(serverProcesses(env.address), [], 'teardown leaves no server process');
    });
  });

  describe('the executable', function () {
    it('refuses an argument it does not take, saying what it takes', function () {
      const bad = spawnSync(rewindTemporalServer.path, ['server', 'start-dev', '--port', '0', '--frobnicate', 'x'], { encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.match(
        bad.stderr,
        /Unknown flag --frobnicate\. rewind-temporal-server takes the arguments Temporal's TestWorkflowEnvironment passes/,
      );
      const badTestServer = spawnSync(rewindTemporalServer.path, ['0', '--speed', '2'], { encoding: 'utf8' });
      assert.equal(badTestServer.status, 2);
      assert.match(badTestServer.stderr, /Unknown flag --speed 2: the test server takes only --enable-time-skipping after its port/);
      const ui = spawnSync(rewindTemporalServer.path, ['server', 'start-dev', '--port', '0', '--ui-port', '8233'], { encoding: 'utf8' });
      assert.equal(ui.status, 2);
      assert.match(ui.stderr, /Rewind has no web UI \(--ui-port\): leave ui and uiPort unset/);
    });

    it('stops by itself when the process that started it is gone', async function () {
      // A parent that starts the server, says its pid once it listens, and is then killed without stopping it.
      const port = await freePort();
      const parent = spawn(
        process.execPath,
        [
          '-e',
          `const c = require('child_process').spawn(${JSON.stringify(rewindTemporalServer.path)}, ['${port}'], { stdio: 'ignore' });` +
            `const up = () => require('net').connect(${port}, '127.0.0.1').on('connect', () => console.log(c.pid)).on('error', () => setTimeout(up, 50)); up();` +
            'setInterval(() => {}, 1000);',
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
      const alive = (): boolean => {
        try {
          return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        } catch {
          return false;
        }
      };
      assert.ok(alive(), 'the server runs');
      parent.kill('SIGKILL');
      while (alive()) await new Promise((resolve) => setTimeout(resolve, 100));
    });
  });
});
