// Reading a Rewind database file directly (once the server has closed it: it holds it exclusively):
// its schema, and the runs whose event ids are not 1..n.
import Database from 'better-sqlite3';

function withFile<T>(dbPath: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The schema of a database file. */
export function tablesOf(dbPath: string): string {
  return withFile(dbPath, (db) => JSON.stringify(db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all()));
}

/** Runs whose event ids are not exactly 1..historyLength. */
export function runsWithGaps(dbPath: string): string[] {
  return withFile(dbPath, (db) => {
    const rows = db
      .prepare(
        `SELECT x.workflow_id AS id, x.history_length AS len, COUNT(e.event_id) AS n, MIN(e.event_id) AS lo, MAX(e.event_id) AS hi
         FROM executions x LEFT JOIN events e ON e.run_key = x.run_key GROUP BY x.run_key`,
      )
      .all() as { id: string; len: number; n: number; lo: number; hi: number }[];
    return rows.filter((r) => r.n !== r.len || r.lo !== 1 || r.hi !== r.len).map((r) => `${r.id}: ${JSON.stringify(r)}`);
  });
}
