// The Store on SQLite (better-sqlite3): WAL, foreign keys, numbered migrations, statements prepared once.
// This is the only module that imports better-sqlite3.
import Database from 'better-sqlite3';
import type {
  HistoryEvent,
  NamespaceInfo,
  Payload,
  SearchAttributeDefinition,
  SearchAttributes,
  SearchAttributeTypeName,
  WorkflowExecutionInfo,
} from '@rewind/sdk/protocol';
import type { ScheduleRecord } from '../engine/schedule-record';
import type { RunState } from '../engine/run-state';
import { compileListQuery } from './list-query';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import type { ListRunsParams, ReadEventsParams, Store } from './store';
import { explainSqliteError, StoreError } from './store-errors';

/** SQLite's own checkpoint threshold (pages of 4 KiB), a safety net under sustained load. */
const WAL_AUTOCHECKPOINT_PAGES = 20_000;

/** "RWND": marks a SQLite file as a Rewind database. */
const APPLICATION_ID = 0x52574e44;

type Statement = Database.Statement<unknown[], unknown>;

interface ExecutionRow {
  run_id: string;
  namespace: string;
  workflow_id: string;
  workflow_type: string;
  task_queue: string;
  status: WorkflowExecutionInfo['status'];
  start_time: number;
  close_time: number | null;
  history_length: number;
  search_attributes: string | null;
  memo: string | null;
}

export interface SqliteStoreOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** fsync on every commit (survives power loss); default off: WAL survives a process crash without it. */
  synchronousFull?: boolean;
}

export class SqliteStore implements Store {
  readonly location: string;
  private readonly db: Database.Database;
  private readonly stmts: Record<string, Statement> = {};
  /** run id → run key, for the runs this process has touched. */
  private readonly runKeys = new Map<string, number>();

  private constructor(db: Database.Database, location: string) {
    this.db = db;
    this.location = location;
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    const location = options.path;
    let db: Database.Database;
    try {
      db = new Database(location);
    } catch (err) {
      throw explainSqliteError(err, location);
    }
    try {
      const store = new SqliteStore(db, location);
      db.pragma('busy_timeout = 200');
      // Check what the file is before anything writes to it (switching to WAL writes its header).
      const fresh = store.checkIdentity();
      store.configure(options);
      store.migrate(fresh);
      store.prepare();
      return store;
    } catch (err) {
      db.close();
      throw explainSqliteError(err, location);
    }
  }

  private configure(options: SqliteStoreOptions): void {
    const db = this.db;
    if (this.location !== ':memory:') {
      // One server owns the file: a second one gets a clear "locked" error instead of a shared database.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
    }
    db.pragma(`synchronous = ${options.synchronousFull ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    // Checkpoints (copying the WAL into the database, with an fsync) cost more than commits: the server
    // runs them when idle (see checkpoint()); SQLite runs one itself only if the WAL reaches ~80 MB.
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    // Up to 32 MiB of page cache: the pages of open runs stay in memory (allocated only as used).
    db.pragma('cache_size = -32768');
  }

  /** Throws unless the file is empty or a Rewind database; returns true when it is empty. */
  private checkIdentity(): boolean {
    const db = this.db;
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    if (appId !== APPLICATION_ID && (appId !== 0 || tables.length > 0)) {
      throw new StoreError(
        'NOT_REWIND_DATABASE',
        `${this.location} is not a Rewind database (it holds tables ${tables.slice(0, 5).join(', ') || 'of another application'}). ` +
          'Rewind will not touch it: start the server with --db pointing at a new file or at a Rewind database.',
      );
    }
    return appId === 0;
  }

  private migrate(fresh: boolean): void {
    const db = this.db;
    if (fresh) {
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new StoreError(
        'NEWER_SCHEMA',
        `${this.location} was written by a newer Rewind (schema version ${current}; this one knows up to ${SCHEMA_VERSION}). ` +
          'Upgrade Rewind, or start this one with --db pointing at another file.',
      );
    }
    const apply = db.transaction(() => {
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.description,
          new Date().toISOString(),
        );
      }
    });
    apply.immediate();
  }

  private prepare(): void {
    const sql: Record<string, string> = {
      listNamespaces: 'SELECT name, description, created_at, owner_email, retention_ms, data FROM namespaces ORDER BY name',
      getNamespace: 'SELECT name, description, created_at, owner_email, retention_ms, data FROM namespaces WHERE name = ?',
      insertNamespace: 'INSERT INTO namespaces (name, created_at, description, owner_email, retention_ms, data) VALUES (?, ?, ?, ?, ?, ?)',
      updateNamespace: 'UPDATE namespaces SET description = ?, owner_email = ?, retention_ms = ?, data = ? WHERE name = ?',
      listSearchAttributes: 'SELECT name, type FROM search_attributes WHERE namespace = ? ORDER BY name',
      putSearchAttribute: 'INSERT OR REPLACE INTO search_attributes (namespace, name, type) VALUES (?, ?, ?)',
      deleteSearchAttribute: 'DELETE FROM search_attributes WHERE namespace = ? AND name = ?',
      insertRun: `INSERT INTO executions (run_id, namespace, workflow_id, workflow_type, task_queue, status, start_time, close_time, history_length, state, search_attributes, memo)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      updateRun: `UPDATE executions SET status = ?, close_time = ?, history_length = ?, state = ?, search_attributes = ?, memo = ? WHERE run_key = ?`,
      getRun: 'SELECT run_key, state FROM executions WHERE run_id = ?',
      runKey: 'SELECT run_key FROM executions WHERE run_id = ?',
      currentRun: 'SELECT run_id FROM executions WHERE namespace = ? AND workflow_id = ? ORDER BY start_time DESC, run_key DESC LIMIT 1',
      listOpenRuns: "SELECT run_key, state FROM executions WHERE status = 'RUNNING'",
      getSchedule: 'SELECT data FROM schedules WHERE namespace = ? AND schedule_id = ?',
      putSchedule: 'INSERT OR REPLACE INTO schedules (namespace, schedule_id, data) VALUES (?, ?, ?)',
      deleteSchedule: 'DELETE FROM schedules WHERE namespace = ? AND schedule_id = ?',
      listSchedules: 'SELECT data FROM schedules WHERE namespace = ? AND schedule_id > ? ORDER BY schedule_id LIMIT ?',
      listAllSchedules: 'SELECT data FROM schedules',
      appendEvent: 'INSERT INTO events (run_key, event_id, event_type, data) VALUES (?, ?, ?, ?)',
      readEvents: 'SELECT data FROM events WHERE run_key = ? AND event_id >= ? AND event_id <= ? ORDER BY event_id LIMIT ?',
      readEvent: 'SELECT data FROM events WHERE run_key = ? AND event_id = ?',
      deleteEvents: 'DELETE FROM events WHERE run_key = ?',
      deleteRun: 'DELETE FROM executions WHERE run_key = ?',
    };
    for (const [key, text] of Object.entries(sql)) this.stmts[key] = this.db.prepare(text);
  }

  private stmt(name: string): Statement {
    return this.stmts[name]!;
  }

  explain(err: unknown): unknown {
    return explainSqliteError(err, this.location);
  }

  transaction<T>(fn: () => T): T {
    try {
      const tx = this.db.transaction(fn);
      return this.db.inTransaction ? tx() : tx.immediate();
    } catch (err) {
      throw explainSqliteError(err, this.location);
    }
  }

  /**
   * Caps the database at its current size plus `extraPages` pages (PRAGMA max_page_count), or lifts the
   * cap (undefined): a write past it fails as on a full disk (SQLITE_FULL). For tests of a full disk.
   */
  capSize(extraPages: number | undefined): void {
    const pages = extraPages === undefined ? 4_294_967_294 : (this.db.pragma('page_count', { simple: true }) as number) + extraPages;
    this.db.pragma(`max_page_count = ${pages}`);
  }

  checkpoint(): void {
    if (this.location !== ':memory:') this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  listNamespaces(): NamespaceInfo[] {
    return (this.stmt('listNamespaces').all() as NamespaceRow[]).map(toNamespace);
  }

  getNamespace(name: string): NamespaceInfo | undefined {
    const row = this.stmt('getNamespace').get(name) as NamespaceRow | undefined;
    return row ? toNamespace(row) : undefined;
  }

  insertNamespace(params: Readonly<NamespaceInfo>): void {
    this.stmt('insertNamespace').run(params.name, params.createdAt, ...namespaceColumns(params));
  }

  updateNamespace(info: Readonly<NamespaceInfo>): void {
    this.stmt('updateNamespace').run(...namespaceColumns(info), info.name);
  }

  listSearchAttributes(namespace: string): SearchAttributeDefinition[] {
    return this.stmt('listSearchAttributes').all(namespace) as SearchAttributeDefinition[];
  }

  putSearchAttribute(namespace: string, attribute: Readonly<SearchAttributeDefinition>): void {
    this.stmt('putSearchAttribute').run(namespace, attribute.name, attribute.type);
  }

  deleteSearchAttribute(namespace: string, name: string): void {
    this.stmt('deleteSearchAttribute').run(namespace, name);
  }

  /** How the namespace's registered search attributes are typed, for its list queries. */
  private typesOf(namespace: string): (name: string) => SearchAttributeTypeName | undefined {
    const types = new Map(this.listSearchAttributes(namespace).map((a) => [a.name, a.type]));
    return (name) => types.get(name);
  }

  insertRun(state: Readonly<RunState>): void {
    const info = this.stmt('insertRun').run(
      state.runId,
      state.namespace,
      state.workflowId,
      state.workflowType,
      state.taskQueue,
      state.status,
      state.startTime,
      state.closeTime ?? null,
      state.nextEventId - 1,
      JSON.stringify(state),
      state.searchAttributes ? JSON.stringify(state.searchAttributes) : null,
      state.memo ? JSON.stringify(state.memo) : null,
    );
    this.rememberKey(state.runId, Number(info.lastInsertRowid));
  }

  updateRun(state: Readonly<RunState>): void {
    const searchAttributes = state.searchAttributes ? JSON.stringify(state.searchAttributes) : null;
    this.stmt('updateRun').run(
      state.status,
      state.closeTime ?? null,
      state.nextEventId - 1,
      JSON.stringify(state),
      searchAttributes,
      state.memo ? JSON.stringify(state.memo) : null, // A workflow may upsert it.
      this.key(state.runId),
    );
  }

  getRun(runId: string): RunState | undefined {
    const row = this.stmt('getRun').get(runId) as { run_key: number; state: string } | undefined;
    if (!row) return undefined;
    this.rememberKey(runId, row.run_key);
    return JSON.parse(row.state) as RunState;
  }

  private rememberKey(runId: string, key: number): void {
    if (this.runKeys.size > 100_000) this.runKeys.clear();
    this.runKeys.set(runId, key);
  }

  /** The run key of a run id; -1 for an unknown run (matches no rows). */
  private key(runId: string): number {
    let key = this.runKeys.get(runId);
    if (key === undefined) {
      key = (this.stmt('runKey').get(runId) as { run_key: number } | undefined)?.run_key;
      if (key === undefined) return -1;
      this.rememberKey(runId, key);
    }
    return key;
  }

  deleteRun(runId: string): void {
    const key = this.key(runId);
    this.stmt('deleteEvents').run(key);
    this.stmt('deleteRun').run(key);
    this.runKeys.delete(runId);
  }

  getCurrentRunId(namespace: string, workflowId: string): string | undefined {
    return (this.stmt('currentRun').get(namespace, workflowId) as { run_id: string } | undefined)?.run_id;
  }

  listRuns(params: Readonly<ListRunsParams>): WorkflowExecutionInfo[] {
    const { sql, args } = this.filter(params);
    const text = `SELECT run_id, namespace, workflow_id, workflow_type, task_queue, status, start_time, close_time, history_length, search_attributes, memo
                  FROM executions WHERE ${sql} ORDER BY start_time DESC, run_id DESC LIMIT ?`;
    return (this.prepareCached(text).all(...args, params.limit) as ExecutionRow[]).map(toExecutionInfo);
  }

  runFilter(namespace: string, query: string): (runIds: readonly string[]) => Set<string> {
    const q = compileListQuery(query, this.typesOf(namespace));
    const statement = this.db
      .prepare(`SELECT run_id FROM executions WHERE namespace = ? AND run_id IN (SELECT value FROM json_each(?)) AND ${q.sql}`)
      .pluck();
    return (runIds) => new Set(statement.all(namespace, JSON.stringify(runIds), ...q.params) as string[]);
  }

  getSchedule(namespace: string, scheduleId: string): ScheduleRecord | undefined {
    const row = this.stmt('getSchedule').get(namespace, scheduleId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as ScheduleRecord) : undefined;
  }

  putSchedule(record: Readonly<ScheduleRecord>): void {
    this.stmt('putSchedule').run(record.namespace, record.scheduleId, JSON.stringify(record));
  }

  deleteSchedule(namespace: string, scheduleId: string): void {
    this.stmt('deleteSchedule').run(namespace, scheduleId);
  }

  listSchedules(params: { namespace?: string; limit?: number; afterId?: string }): ScheduleRecord[] {
    const rows = (
      params.namespace === undefined
        ? this.stmt('listAllSchedules').all()
        : this.stmt('listSchedules').all(params.namespace, params.afterId ?? '', params.limit ?? 1000)
    ) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as ScheduleRecord);
  }

  countRuns(params: Readonly<Omit<ListRunsParams, 'limit' | 'after'>>): number {
    const { sql, args } = this.filter(params);
    return (this.prepareCached(`SELECT COUNT(*) AS n FROM executions WHERE ${sql}`).get(...args) as { n: number }).n;
  }

  /** The WHERE condition of a listing: the namespace, the page, the runs asked about, the user's query. */
  private filter(params: Readonly<Omit<ListRunsParams, 'limit'>>): { sql: string; args: (string | number | null)[] } {
    const parts = ['namespace = ?'];
    const args: (string | number | null)[] = [params.namespace];
    if (params.after) {
      parts.push('(start_time < ? OR (start_time = ? AND run_id < ?))');
      args.push(params.after.startTime, params.after.startTime, params.after.runId);
    }
    if (params.query?.trim()) {
      const q = compileListQuery(params.query, this.typesOf(params.namespace));
      parts.push(q.sql);
      args.push(...q.params);
    }
    return { sql: parts.join(' AND '), args };
  }

  private readonly adHoc = new Map<string, Statement>();

  /** Statements of list queries, by text (a few dozen kept: filters repeat). */
  private prepareCached(text: string): Statement {
    let s = this.adHoc.get(text);
    if (!s) {
      if (this.adHoc.size >= 50) this.adHoc.clear();
      s = this.db.prepare(text);
      this.adHoc.set(text, s);
    }
    return s;
  }

  listOpenRuns(): RunState[] {
    return (this.stmt('listOpenRuns').all() as { run_key: number; state: string }[]).map((r) => {
      const state = JSON.parse(r.state) as RunState;
      this.rememberKey(state.runId, r.run_key);
      return state;
    });
  }

  appendEvents(runId: string, events: readonly HistoryEvent[], texts?: ReadonlyMap<HistoryEvent, string>): void {
    if (events.length === 0) return;
    const insert = this.stmt('appendEvent');
    const key = this.key(runId);
    for (const e of events) insert.run(key, e.eventId, e.type, texts?.get(e) ?? JSON.stringify(e));
  }

  readEvents(params: Readonly<ReadEventsParams>): HistoryEvent[] {
    const rows = this.stmt('readEvents').all(
      this.key(params.runId),
      params.fromEventId,
      params.toEventId ?? Number.MAX_SAFE_INTEGER,
      params.limit ?? -1,
    ) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as HistoryEvent);
  }

  readEvent(runId: string, eventId: number): HistoryEvent | undefined {
    const row = this.stmt('readEvent').get(this.key(runId), eventId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as HistoryEvent) : undefined;
  }
}

interface NamespaceRow {
  name: string;
  description: string | null;
  created_at: string;
  owner_email: string | null;
  retention_ms: number | null;
  data: string | null;
}

function toNamespace(row: NamespaceRow): NamespaceInfo {
  return {
    name: row.name,
    createdAt: row.created_at,
    ...(row.description ? { description: row.description } : {}),
    ...(row.owner_email ? { ownerEmail: row.owner_email } : {}),
    ...(row.retention_ms !== null ? { retentionMs: row.retention_ms } : {}),
    ...(row.data ? { data: JSON.parse(row.data) as Record<string, string> } : {}),
  };
}

/** The description, owner email, retention and data columns of a namespace. */
function namespaceColumns(info: Readonly<NamespaceInfo>): [string | null, string | null, number | null, string | null] {
  const hasData = info.data && Object.keys(info.data).length > 0;
  return [info.description || null, info.ownerEmail || null, info.retentionMs ?? null, hasData ? JSON.stringify(info.data) : null];
}

function toExecutionInfo(row: ExecutionRow): WorkflowExecutionInfo {
  return {
    namespace: row.namespace,
    workflowId: row.workflow_id,
    runId: row.run_id,
    workflowType: row.workflow_type,
    taskQueue: row.task_queue,
    status: row.status,
    startTime: new Date(row.start_time).toISOString(),
    ...(row.close_time !== null ? { closeTime: new Date(row.close_time).toISOString() } : {}),
    historyLength: row.history_length,
    ...(row.memo ? { memo: JSON.parse(row.memo) as Record<string, Payload> } : {}),
    ...(row.search_attributes ? { searchAttributes: JSON.parse(row.search_attributes) as SearchAttributes } : {}),
  };
}
