// The database schema, as numbered migrations run in order at start; never edit one that shipped.

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'namespaces, executions, events',
    sql: `
      CREATE TABLE namespaces (
        name TEXT PRIMARY KEY,
        description TEXT,
        created_at TEXT NOT NULL
      );
      -- One row per run. run_key (the rowid) keeps the rows and events of recent runs together, so a
      -- commit writes few pages. Tasks and timers are not stored: they derive from state.
      CREATE TABLE executions (
        run_key INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL UNIQUE,
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
      CREATE INDEX executions_by_status ON executions(status, namespace, start_time DESC);
      CREATE INDEX executions_by_type ON executions(namespace, workflow_type, start_time DESC);
      -- The event log. Rows are appended in rowid order (cheap: concurrent runs interleave), and the
      -- unique index gives each run's history in order and refuses a second event with the same id.
      CREATE TABLE events (
        run_key INTEGER NOT NULL REFERENCES executions(run_key),
        event_id INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE UNIQUE INDEX events_by_run ON events(run_key, event_id);
    `,
  },
  {
    version: 2,
    description: 'search attributes and memo as columns (list filters read them without the state)',
    sql: `
      ALTER TABLE executions ADD COLUMN search_attributes TEXT;
      ALTER TABLE executions ADD COLUMN memo TEXT;
      UPDATE executions SET search_attributes = json_extract(state, '$.searchAttributes'), memo = json_extract(state, '$.memo');
    `,
  },
  {
    version: 3,
    description: 'schedules',
    sql: `
      CREATE TABLE schedules (
        namespace TEXT NOT NULL REFERENCES namespaces(name),
        schedule_id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (namespace, schedule_id)
      );
    `,
  },
  {
    version: 4,
    description: 'search attribute types',
    sql: `
      -- The custom search attributes of each namespace with their types (Temporal's IndexedValueType names);
      -- the system ones are not stored (see service/search-attributes/system-attributes.ts).
      CREATE TABLE search_attributes (
        namespace TEXT NOT NULL REFERENCES namespaces(name),
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        PRIMARY KEY (namespace, name)
      );
    `,
  },
  {
    version: 5,
    description: "namespaces' settings from Temporal's RegisterNamespace / UpdateNamespace",
    sql: `
      -- Kept and described back; none changes what Rewind does (it keeps every history whatever the retention).
      ALTER TABLE namespaces ADD COLUMN owner_email TEXT;
      ALTER TABLE namespaces ADD COLUMN retention_ms INTEGER;
      -- A JSON object of strings (Temporal's namespace data).
      ALTER TABLE namespaces ADD COLUMN data TEXT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
