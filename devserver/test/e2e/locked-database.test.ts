// A database file another process holds locked (an open write transaction in a sqlite tool, say): the
// server refuses to start, saying so, writes nothing; once the lock is gone it starts with the data intact.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import { runCli } from '../cli/run-cli';
import { freePort, startServerProcess } from '../helpers/processes';
import { tempDir } from '../helpers/temp';

/** Another process holding the file's write lock until its stdin closes. */
function lockHolder(db: string): Promise<{ release(): Promise<void> }> {
  const code = `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN EXCLUSIVE'); console.log('locked');
process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); }); process.stdin.resume();`;
  const proc = spawn(process.execPath, ['-e', code, db], { cwd: path.resolve(__dirname, '../..'), stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    proc.once('exit', (c) => reject(new Error(`the lock holder exited with ${c}`)));
    proc.stdout!.once('data', () =>
      resolve({
        release: () =>
          new Promise((done) => {
            proc.removeAllListeners('exit');
            proc.once('exit', () => done());
            proc.stdin!.end();
          }),
      }),
    );
  });
}

describe('a database locked by another process', function () {
  this.timeout(30_000);

  it('is refused at start with a clear error, and used once the lock is gone', async function () {
    const db = path.join(tempDir('rewind-locked-'), 'rewind.db');
    const port = await freePort();
    let server = await startServerProcess(db, port);
    let connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    await new Client({ connection }).workflow.start('anything', { taskQueue: 'nobody', workflowId: 'kept' });
    await connection.close();
    await server.kill();

    const holder = await lockHolder(db);
    const refused = await runCli(['server', 'start', '--db', db, '--port', String(port)]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /The database .*rewind\.db is locked by another process .* Stop it, or start this one with --db pointing at another file/,
    );
    await holder.release();

    server = await startServerProcess(db, port);
    connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    try {
      const described = await new Client({ connection }).workflow.getHandle('kept').describe();
      assert.equal(described.status.name, 'RUNNING');
    } finally {
      await connection.close();
      await server.kill();
    }
  });
});
