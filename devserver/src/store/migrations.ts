// The database schema, as numbered migrations run in order at start; never edit one that shipped.

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'namespaces, executions, events, tasks, timers',
    sql: `
      CREATE TABLE namespaces (
        name TEXT PRIMARY KEY,
        description TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE executions (
        run_id TEXT PRIMARY KEY,
        namespace TEXT NOT NULL REFERENCES namespaces(name),
        workflow_id TEXT NOT NULL,
        workflow_type TEXT NOT NULL,
        task_queue TEXT NOT NULL,
        status TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        close_time INTEGER,
        history_length INTEGER NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX executions_by_workflow ON executions(namespace, workflow_id, start_time DESC);
      CREATE INDEX executions_by_start ON executions(namespace, start_time DESC, run_id DESC);
      CREATE INDEX executions_by_status ON executions(namespace, status, start_time DESC);
      CREATE INDEX executions_by_type ON executions(namespace, workflow_type, start_time DESC);
      CREATE TABLE events (
        run_id TEXT NOT NULL REFERENCES executions(run_id),
        event_id INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        event_time TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (run_id, event_id)
      ) WITHOUT ROWID;
      CREATE TABLE tasks (
        run_id TEXT NOT NULL REFERENCES executions(run_id),
        kind TEXT NOT NULL,
        ref INTEGER NOT NULL,
        namespace TEXT NOT NULL,
        task_queue TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        type_name TEXT NOT NULL,
        lease_worker_id TEXT,
        sticky_worker_id TEXT,
        PRIMARY KEY (run_id, kind, ref)
      ) WITHOUT ROWID;
      CREATE TABLE timers (
        run_id TEXT NOT NULL REFERENCES executions(run_id),
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        fire_at INTEGER NOT NULL,
        PRIMARY KEY (run_id, kind, key)
      ) WITHOUT ROWID;
      CREATE INDEX timers_by_fire_at ON timers(fire_at);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
