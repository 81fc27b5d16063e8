// A Rewind server with Temporal SDK workers in processes of their own (killed with SIGKILL where a test
// needs a crash): the fixtures' workflows bundled once to a file the worker process loads.
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { startWorkerProcess, type Child } from './processes';
import { tempDir } from './temp';
import { fixtureBundle, installRuntime } from './temporal-sdk';

const WORKER = path.join(__dirname, '../fixtures/temporal-steps/worker.ts');

export interface TemporalWorkerProcesses {
  readonly server: RewindServer;
  readonly connection: Connection;
  /** The fixtures' workflows bundled (for a worker's `workflowBundle: { codePath }`). */
  readonly bundle: string;
  /** A worker process on `taskQueue`, with its sticky queue's schedule-to-start timeout ('1s', '60s'). */
  worker(taskQueue: string, stickyTimeout: string): Promise<Child>;
}

/** Set up before the `describe` block's tests, torn down after (every worker process killed). */
export function useTemporalWorkerProcesses(prefix: string): TemporalWorkerProcesses {
  const held: { server?: RewindServer; connection?: Connection; bundle?: string } = {};
  const children: Child[] = [];
  before(async function () {
    installRuntime();
    const dir = tempDir(prefix);
    held.bundle = path.join(dir, 'fixtures-bundle.js');
    fs.writeFileSync(held.bundle, (await fixtureBundle()).code);
    held.server = await RewindServer.start({ db: path.join(dir, 'rewind.db'), port: 0, log: silentLogger });
    held.connection = await Connection.connect({ address: held.server.address });
  });
  after(async function () {
    for (const c of children) await c.kill();
    await held.connection?.close();
    await held.server?.close();
  });
  const get = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The ${what} starts in the before hook: use it inside tests.`);
    return value;
  };
  return {
    get server() {
      return get(held.server, 'server');
    },
    get connection() {
      return get(held.connection, 'connection');
    },
    get bundle() {
      return get(held.bundle, 'bundle');
    },
    async worker(taskQueue, stickyTimeout) {
      const c = await startWorkerProcess(WORKER, get(held.server, 'server').address, {
        STEPS_BUNDLE: get(held.bundle, 'bundle'),
        STEPS_TASK_QUEUE: taskQueue,
        STEPS_STICKY_TIMEOUT: stickyTimeout,
      });
      children.push(c);
      return c;
    },
  };
}
