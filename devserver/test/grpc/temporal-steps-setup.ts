// A Rewind server process on a temp SQLite file, a Temporal worker process on the steps fixture and a
// Temporal client, for tests that SIGKILL them: started together, each stopped in `after`.
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { freePort, startServerProcess, startWorkerProcess, type Child } from '../helpers/processes';
import { tempDir } from '../helpers/temp';

const FIXTURES = path.join(__dirname, '../fixtures/temporal-steps');

/** Bundles the steps fixture's workflows once, into a file a worker process loads. */
export async function bundleSteps(dir: string): Promise<string> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(FIXTURES, 'workflows.ts'),
    logger: new DefaultLogger('WARN'),
  });
  const codePath = path.join(dir, 'steps-bundle.js');
  fs.writeFileSync(codePath, bundle.code);
  return codePath;
}

export interface StepsSetup {
  dir: string;
  db: string;
  port: number;
  address: string;
  journal: string;
  holdDir: string;
  bundle: string;
  taskQueue: string;
  server: Child;
  worker: Child;
  connection: Connection;
  client: Client;
}

export function startStepsWorker(s: Pick<StepsSetup, 'address' | 'journal' | 'holdDir' | 'bundle' | 'taskQueue'>): Promise<Child> {
  return startWorkerProcess(path.join(FIXTURES, 'worker.ts'), s.address, {
    STEPS_JOURNAL: s.journal,
    STEPS_HOLD_DIR: s.holdDir,
    STEPS_BUNDLE: s.bundle,
    STEPS_TASK_QUEUE: s.taskQueue,
  });
}

/** Starts the server, then the worker, then connects the client; what started is stopped if a later part fails. */
export async function startSteps(bundle: string, taskQueue = 'steps'): Promise<StepsSetup> {
  const dir = tempDir('rewind-temporal-kill-');
  const holdDir = path.join(dir, 'holds');
  fs.mkdirSync(holdDir);
  const port = await freePort();
  const parts = {
    dir,
    db: path.join(dir, 'rewind.db'),
    port,
    address: `127.0.0.1:${port}`,
    journal: path.join(dir, 'journal.txt'),
    holdDir,
    bundle,
    taskQueue,
  };
  const server = await startServerProcess(parts.db, port);
  let worker: Child | undefined;
  try {
    worker = await startStepsWorker(parts);
    const connection = await Connection.connect({ address: parts.address });
    return { ...parts, server, worker, connection, client: new Client({ connection }) };
  } catch (err) {
    await worker?.kill();
    await server.kill();
    throw err;
  }
}

export async function stopSteps(s: StepsSetup | undefined): Promise<void> {
  if (!s) return;
  await s.connection.close().catch(() => undefined);
  await s.worker.kill();
  await s.server.kill();
}

export function journalLines(s: Pick<StepsSetup, 'journal'>): string[] {
  return fs.existsSync(s.journal) ? fs.readFileSync(s.journal, 'utf8').trim().split('\n') : [];
}
