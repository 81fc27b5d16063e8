// The database copied at random moments of a busy server (frozen with SIGSTOP for the copy, as a crash
// leaves the files), its WAL then cut in the middle of a transaction: a server starts on each copy, and
// every start and signal the client had been told was done is there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client, Connection } from '@rewind/sdk/client';
import { freePort, startServerProcess, type Child } from '../helpers/processes';
import { seedFrom, seededRandom } from '../helpers/seeded-random';
import { tempDir } from '../helpers/temp';
import { tearWal, walShape } from '../helpers/wal-file';

interface Acked {
  starts: Map<string, string>;
  signals: Array<[string, number]>;
}

interface Snapshot {
  db: string;
  acked: Acked;
  how: string;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until Linux reports the process stopped (state T), so that nothing is written while we copy. */
async function stopped(pid: number): Promise<void> {
  for (;;) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
    await delay(1);
  }
}

describe('a WAL cut in the middle of a transaction', function () {
  this.timeout(120_000);
  const seed = seedFrom('REWIND_TORN_WAL_SEED');
  const rng = seededRandom(seed);
  let server: Child;
  let connection: Connection;

  after(async () => {
    await connection?.close();
    await server?.kill();
  });

  it(`loses nothing acknowledged: the server starts on each copy (seed ${seed})`, async function () {
    const dir = tempDir('rewind-torn-wal-');
    const db = path.join(dir, 'rewind.db');
    const port = await freePort();
    server = await startServerProcess(db, port);
    connection = await Connection.connect({ address: `127.0.0.1:${port}`, reconnectWait: 10_000 });
    const client = new Client({ connection });
    const acked: Acked = { starts: new Map(), signals: [] };

    // The load: starts and signals, eight at a time, until the copies are taken.
    let loading = true;
    let n = 0;
    const lane = async (): Promise<void> => {
      while (loading) {
        const i = n++;
        const workflowId = `torn-${i}`;
        const handle = await client.workflow.start('tornWorkflow', {
          taskQueue: 'nobody',
          workflowId,
          args: [i, 'x'.repeat(rng.int(0, 3000))],
        });
        acked.starts.set(workflowId, handle.firstExecutionRunId);
        const target = `torn-${rng.int(0, i)}`;
        if (acked.starts.has(target)) {
          await client.workflow.getHandle(target).signal('ping', i);
          acked.signals.push([target, i]);
        }
      }
    };
    const lanes = Array.from({ length: 8 }, lane);

    const snapshots: Snapshot[] = [];
    for (let k = 0; k < 6; k++) {
      await delay(rng.int(100, 500));
      const pid = server.proc.pid!;
      process.kill(pid, 'SIGSTOP');
      await stopped(pid);
      const at = path.join(dir, `copy-${k}`);
      fs.mkdirSync(at);
      const snapshot: Acked = { starts: new Map(acked.starts), signals: [...acked.signals] };
      for (const suffix of ['', '-wal']) if (fs.existsSync(db + suffix)) fs.copyFileSync(db + suffix, path.join(at, 'rewind.db' + suffix));
      process.kill(pid, 'SIGCONT');
      const wal = path.join(at, 'rewind.db-wal');
      const how = fs.existsSync(wal) ? `${walShape(wal).commits} commits in the WAL; ${tearWal(wal, rng.int)}` : 'no WAL';
      snapshots.push({ db: path.join(at, 'rewind.db'), acked: snapshot, how });
    }
    loading = false;
    await Promise.all(lanes);
    assert.ok(
      snapshots.every((s) => s.acked.starts.size > 0),
      'each copy was taken under load',
    );
    assert.ok(
      snapshots.some((s) => s.how.includes('cut') || s.how.includes('torn')),
      'some copies end mid-transaction',
    );

    for (const [k, s] of snapshots.entries()) {
      const copyPort = await freePort();
      const copy = await startServerProcess(s.db, copyPort); // Rejects with its output if it cannot start.
      const c = await Connection.connect({ address: `127.0.0.1:${copyPort}` });
      try {
        const found = new Map<string, string>();
        for await (const e of new Client({ connection: c }).workflow.list({ pageSize: 1000 })) found.set(e.workflowId, e.runId);
        for (const [workflowId, runId] of s.acked.starts) {
          assert.equal(found.get(workflowId), runId, `copy ${k} (${s.how}): acknowledged start of ${workflowId}`);
        }
      } finally {
        await c.close();
        await copy.kill();
      }
      const file = new Database(s.db);
      try {
        assert.equal(file.pragma('integrity_check', { simple: true }), 'ok', `copy ${k}: integrity`);
        const signaled = new Set(
          (
            file
              .prepare(
                "SELECT x.workflow_id AS w, e.data AS d FROM events e JOIN executions x ON x.run_key = e.run_key WHERE e.event_type = 'WorkflowExecutionSignaled'",
              )
              .all() as { w: string; d: string }[]
          ).map((r) => `${r.w}:${(JSON.parse(r.d) as { input: number[] }).input[0]}`),
        );
        for (const [w, v] of s.acked.signals)
          assert.ok(signaled.has(`${w}:${v}`), `copy ${k} (${s.how}): acknowledged signal ${v} to ${w}`);
      } finally {
        file.close();
      }
      console.log(
        `      copy ${k}: ${s.acked.starts.size} starts and ${s.acked.signals.length} signals acknowledged, all there (${s.how})`,
      );
    }
  });
});
