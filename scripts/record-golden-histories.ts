// Records the golden histories that the sdk's replay tests check in: runs the sdk test fixtures on a
// real server and writes each history to sdk/test/histories/<workflow>.json.
// Run with: npx tsx scripts/record-golden-histories.ts [workflowType …]   (re-record only when the format changes;
// name workflow types to record only those)
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import { NativeConnection, Worker } from '@rewind/sdk/worker';
import { RewindServer } from '../devserver/src/server';
import { silentLogger } from '../devserver/src/service/logger';

const activities = {
  async greet(name: string): Promise<string> {
    return `hello ${name}`;
  },
  async charge(amount: number): Promise<string> {
    return `charged ${amount}`;
  },
};

async function main(): Promise<void> {
  const out = path.join(__dirname, '../sdk/test/histories');
  fs.mkdirSync(out, { recursive: true });
  const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'golden',
    workflowsPath: path.join(__dirname, '../sdk/test/fixtures/workflows.ts'),
    activities,
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  await worker.runUntil(async () => {
    const runs: [string, unknown[], ((h: Awaited<ReturnType<typeof client.workflow.start>>) => Promise<void>)?][] = [
      ['sequence', ['Ada']],
      ['parallel', []],
      [
        'approval',
        [],
        async (h) => {
          await new Promise((r) => setTimeout(r, 200));
          await h.signal('approve', true);
        },
      ],
      ['randomBranch', []],
    ];
    const only = process.argv.slice(2);
    for (const [workflowType, args, drive] of runs.filter(([t]) => only.length === 0 || only.includes(t))) {
      const handle = await client.workflow.start(workflowType, { taskQueue: 'golden', workflowId: `golden-${workflowType}`, args });
      await drive?.(handle);
      await handle.result();
      const history = await handle.fetchHistory();
      const file = path.join(out, `${workflowType}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId, ...history }, null, 2) + '\n',
      );
      console.log(`wrote ${path.relative(process.cwd(), file)} (${history.events.length} events)`);
    }
  });
  await connection.close();
  await nativeConnection.close();
  await server.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
