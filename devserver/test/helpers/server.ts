// A real server for tests: a SQLite file in a temp folder (or :memory:), a WebSocket on port 0.
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import { NativeConnection, Runtime, DefaultLogger, Worker, type WorkerOptions } from '@rewind/sdk/worker';
import type { RunLimits } from '../../src/engine/limits';
import { RewindServer, type ServerOptions } from '../../src/server';
import { silentLogger, type Logger } from '../../src/service/logger';
import { tempDir } from './temp';

/** What workers started by startWorker logged (tests assert on it; REWIND_TEST_LOG=1 also prints it). */
export const workerLog: string[] = [];
const captureLogger = new DefaultLogger(process.env.REWIND_TEST_LOG ? 'DEBUG' : 'WARN', ({ level, message, meta }) => {
  const line = `[${level}] ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}`;
  workerLog.push(line);
  if (process.env.REWIND_TEST_LOG) process.stderr.write(line + '\n');
});

export interface TestServer {
  server: RewindServer;
  address: string;
  dbPath: string;
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

export async function startServer(
  options: {
    db?: string;
    leaseGraceMs?: number;
    limits?: Partial<RunLimits>;
    log?: Logger;
    timeSkipping?: ServerOptions['timeSkipping'];
  } = {},
): Promise<TestServer> {
  const dbPath = options.db ?? path.join(tempDir(), 'rewind.db');
  const server = await RewindServer.start({
    db: dbPath,
    port: 0,
    log: options.log ?? silentLogger,
    leaseGraceMs: options.leaseGraceMs ?? 1000,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.timeSkipping ? { timeSkipping: options.timeSkipping } : {}),
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  return {
    server,
    address: server.address,
    dbPath,
    client,
    connection,
    async close() {
      await connection.close();
      await server.close();
    },
  };
}

/** A worker on the test fixtures, connected to the given server. */
export async function startWorker(
  address: string,
  options: Partial<WorkerOptions> & { taskQueue: string },
): Promise<{ worker: Worker; running: Promise<void>; stop: () => Promise<void> }> {
  // Installed here, not when the file loads: other test files install loggers of their own.
  Runtime.install({ logger: captureLogger, shutdownSignals: [] });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ workflowsPath: path.join(__dirname, '../fixtures/workflows.ts'), ...options, connection });
  const running = worker.run();
  return {
    worker,
    running,
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** Waits until `check` returns a value (polling a real server: the state it waits for is durable). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
  what = 'the condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A server for one `describe` block: started before its tests, closed after. */
export function useServer(): { readonly srv: TestServer } {
  let held: TestServer | undefined;
  before(async function () {
    held = await startServer();
  });
  after(async function () {
    await held?.close();
  });
  return {
    get srv(): TestServer {
      if (!held) throw new Error('The server starts in the before hook: use it inside tests.');
      return held;
    },
  };
}

/** A server and a worker on the fixtures for one `describe` block: started before its tests, stopped after. */
export function useServerAndWorker(options: Partial<WorkerOptions> & { taskQueue: string }): { readonly srv: TestServer } {
  const held: { srv?: TestServer; stop?: () => Promise<void> } = {};
  before(async function () {
    held.srv = await startServer();
    held.stop = (await startWorker(held.srv.address, options)).stop;
  });
  after(async function () {
    await held.stop?.();
    await held.srv?.close();
  });
  return {
    get srv(): TestServer {
      if (!held.srv) throw new Error('The server starts in the before hook: use it inside tests.');
      return held.srv;
    },
  };
}
