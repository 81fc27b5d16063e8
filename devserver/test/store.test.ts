// One conformance suite for the Store, run against :memory: and a file (and the file reopened).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { startRun } from '../src/engine/execution';
import { SqliteStore } from '../src/store/sqlite-store';
import { StoreError } from '../src/store/store-errors';
import { MIGRATIONS } from '../src/store/migrations';
import type { Store } from '../src/store/store';
import { tempDir } from './helpers/temp';

function makeRun(workflowId: string, runId: string, startTime: number) {
  return startRun(
    { namespace: 'default', workflowId, runId, workflowType: 'order', taskQueue: 'q', args: [workflowId], requestId: `req-${runId}` },
    startTime,
  );
}

function conformance(name: string, open: () => Store) {
  describe(`store conformance: ${name}`, function () {
    let store: Store;
    beforeEach(function () {
      store = open();
      store.transaction(() => store.insertNamespace({ name: 'default', createdAt: new Date(0).toISOString() }));
    });
    afterEach(function () {
      store.close();
    });

    it('keeps namespaces', function () {
      assert.deepEqual(
        store.listNamespaces().map((n) => n.name),
        ['default'],
      );
      assert.equal(store.getNamespace('nope'), undefined);
      assert.throws(() => store.transaction(() => store.insertNamespace({ name: 'default', createdAt: 'x' })));
    });

    it('stores a run with its events, and reads them back in order and by range', function () {
      const tx = makeRun('w1', 'r1', 1000);
      store.transaction(() => {
        store.insertRun(tx.state);
        store.appendEvents('r1', tx.events);
      });
      assert.equal(store.getRun('r1')?.workflowId, 'w1');
      assert.equal(store.getCurrentRunId('default', 'w1'), 'r1');
      assert.deepEqual(
        store.readEvents({ runId: 'r1', fromEventId: 1 }).map((e) => e.type),
        ['WorkflowExecutionStarted', 'WorkflowTaskScheduled'],
      );
      assert.deepEqual(
        store.readEvents({ runId: 'r1', fromEventId: 2, toEventId: 2 }).map((e) => e.eventId),
        [2],
      );
      assert.deepEqual(
        store.readEvents({ runId: 'r1', fromEventId: 1, limit: 1 }).map((e) => e.eventId),
        [1],
      );
      assert.equal(store.readEvent('r1', 1)?.type, 'WorkflowExecutionStarted');
    });

    it('refuses a duplicate event id (the history never has two events with one id)', function () {
      const tx = makeRun('w1', 'r1', 1000);
      store.transaction(() => {
        store.insertRun(tx.state);
        store.appendEvents('r1', tx.events);
      });
      const dup = { ...tx.events[0]! } as HistoryEvent;
      assert.throws(() => store.transaction(() => store.appendEvents('r1', [dup])));
      assert.equal(store.readEvents({ runId: 'r1', fromEventId: 1 }).length, 2);
    });

    it('rolls back everything of a failed transaction', function () {
      const tx = makeRun('w1', 'r1', 1000);
      assert.throws(() =>
        store.transaction(() => {
          store.insertRun(tx.state);
          store.appendEvents('r1', tx.events);
          throw new Error('boom');
        }),
      );
      assert.equal(store.getRun('r1'), undefined);
      assert.deepEqual(store.readEvents({ runId: 'r1', fromEventId: 1 }), []);
    });

    it('keeps the part of a nested transaction that succeeded (savepoints)', function () {
      const a = makeRun('wa', 'ra', 1000);
      const b = makeRun('wb', 'rb', 1000);
      store.transaction(() => {
        store.transaction(() => store.insertRun(a.state));
        assert.throws(() =>
          store.transaction(() => {
            store.insertRun(b.state);
            throw new Error('inner');
          }),
        );
      });
      assert.ok(store.getRun('ra'));
      assert.equal(store.getRun('rb'), undefined);
    });

    it('updates run state and lists runs newest first, in pages', function () {
      for (let i = 0; i < 5; i++) {
        const tx = makeRun(`w${i}`, `r${i}`, 1000 + i);
        store.transaction(() => store.insertRun(tx.state));
      }
      const state = store.getRun('r2')!;
      state.status = 'COMPLETED';
      state.closeTime = 5000;
      store.transaction(() => store.updateRun(state));
      const first = store.listRuns({ namespace: 'default', limit: 2 });
      assert.deepEqual(
        first.map((r) => r.runId),
        ['r4', 'r3'],
      );
      const last = first[1]!;
      const next = store.listRuns({ namespace: 'default', limit: 10, after: { startTime: Date.parse(last.startTime), runId: last.runId } });
      assert.deepEqual(
        next.map((r) => r.runId),
        ['r2', 'r1', 'r0'],
      );
      assert.equal(next[0]!.status, 'COMPLETED');
      assert.deepEqual(
        store
          .listOpenRuns()
          .map((r) => r.runId)
          .sort(),
        ['r0', 'r1', 'r3', 'r4'],
      );
    });

    it('keeps search attribute types per namespace; list queries compare a registered Datetime by its time, an Int by its number', function () {
      store.transaction(() => store.insertNamespace({ name: 'other', createdAt: new Date(0).toISOString() }));
      const { state } = makeRun('typed', 'r-typed', 1000);
      state.searchAttributes = { Due: ['2026-01-01T10:00:00.000Z'], Count: [5] };
      store.transaction(() => store.insertRun(state));
      const found = (query: string): string[] => store.listRuns({ namespace: 'default', limit: 10, query }).map((r) => r.workflowId);
      // Unregistered: compared as JSON (another text of the same time, or a number as a string, does not match).
      assert.deepEqual(found("Due = '2026-01-01T11:00:00+01:00'"), []);
      assert.deepEqual(found("Count = '5'"), []);

      store.transaction(() => {
        store.putSearchAttribute('default', { name: 'Due', type: 'Datetime' });
        store.putSearchAttribute('default', { name: 'Count', type: 'Int' });
        store.putSearchAttribute('other', { name: 'Due', type: 'Keyword' });
      });
      assert.deepEqual(store.listSearchAttributes('default'), [
        { name: 'Count', type: 'Int' },
        { name: 'Due', type: 'Datetime' },
      ]);
      assert.deepEqual(store.listSearchAttributes('other'), [{ name: 'Due', type: 'Keyword' }]);
      assert.deepEqual(found("Due = '2026-01-01T11:00:00+01:00'"), ['typed']);
      assert.deepEqual(found("Due BETWEEN '2026-01-01T09:59:59Z' AND '2026-01-01T10:00:01Z'"), ['typed']);
      assert.deepEqual(found("Due > '2026-01-01T10:00:00.001Z'"), []);
      assert.deepEqual(found("Count = '5' AND Count IN (4, 5)"), ['typed']);
      assert.deepEqual(found("Due = 'not a time'"), [], 'a value that is not of the type compares as JSON');
      assert.equal(store.runFilter('default', "Due = '2026-01-01T10:00:00Z'")(['r-typed']).size, 1);

      store.transaction(() => store.deleteSearchAttribute('default', 'Due'));
      assert.deepEqual(store.listSearchAttributes('default'), [{ name: 'Count', type: 'Int' }]);
      assert.deepEqual(found("Due = '2026-01-01T11:00:00+01:00'"), []);
    });
  });
}

conformance(':memory:', () => SqliteStore.open({ path: ':memory:' }));
conformance('temp file', () => SqliteStore.open({ path: path.join(tempDir(), 'store.db') }));

describe('store: opening files', function () {
  it('keeps everything across a close and reopen', function () {
    const file = path.join(tempDir(), 'persist.db');
    let store = SqliteStore.open({ path: file });
    const tx = makeRun('w1', 'r1', 1000);
    store.transaction(() => {
      store.insertNamespace({ name: 'default', createdAt: 'now' });
      store.insertRun(tx.state);
      store.appendEvents('r1', tx.events);
    });
    store.close();
    store = SqliteStore.open({ path: file });
    assert.equal(store.readEvents({ runId: 'r1', fromEventId: 1 }).length, 2);
    store.close();
  });

  it('refuses a SQLite file of another application, and changes nothing in it', function () {
    const file = path.join(tempDir(), 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    const before = fs.readFileSync(file);
    assert.throws(
      () => SqliteStore.open({ path: file }),
      (err: unknown) => {
        assert.ok(err instanceof StoreError);
        assert.equal(err.code, 'NOT_REWIND_DATABASE');
        assert.match(err.message, /is not a Rewind database \(it holds tables customers\)/);
        return true;
      },
    );
    assert.deepEqual(fs.readFileSync(file), before);
  });

  it('refuses a file that is not SQLite at all', function () {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'These are my notes, not a database. '.repeat(200));
    assert.throws(
      () => SqliteStore.open({ path: file }),
      (err: unknown) => err instanceof StoreError && err.code === 'NOT_REWIND_DATABASE',
    );
  });

  it('upgrades a version 1 database: its runs keep their search attributes and memo, and filters find them', function () {
    const file = path.join(tempDir(), 'v1.db');
    const db = new Database(file);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    db.pragma('application_id = 0x52574e44');
    db.exec(MIGRATIONS[0]!.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(MIGRATIONS[0]!.description, 'then');
    db.prepare("INSERT INTO namespaces VALUES ('default', NULL, 'then')").run();
    const { state } = makeRun('old-one', 'run-old', 1000);
    state.searchAttributes = { Customer: ['ada'] };
    state.memo = { note: 'kept' };
    db.prepare(
      `INSERT INTO executions (run_id, namespace, workflow_id, workflow_type, task_queue, status, start_time, close_time, history_length, state)
       VALUES (?, 'default', 'old-one', 'order', 'q', 'RUNNING', 1000, NULL, 1, ?)`,
    ).run(state.runId, JSON.stringify(state));
    db.close();
    const store = SqliteStore.open({ path: file });
    try {
      const found = store.listRuns({ namespace: 'default', limit: 10, query: "Customer = 'ada'" });
      assert.deepEqual(
        found.map((r) => [r.workflowId, r.searchAttributes, r.memo]),
        [['old-one', { Customer: ['ada'] }, { note: 'kept' }]],
      );
      assert.equal(store.countRuns({ namespace: 'default', query: "Customer = 'bo'" }), 0);
    } finally {
      store.close();
    }
  });

  it('refuses a database written by a newer Rewind', function () {
    const file = path.join(tempDir(), 'newer.db');
    SqliteStore.open({ path: file }).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
      MIGRATIONS.length + 1,
      'from the future',
      'later',
    );
    db.close();
    assert.throws(
      () => SqliteStore.open({ path: file }),
      (err: unknown) => {
        assert.ok(err instanceof StoreError && err.code === 'NEWER_SCHEMA');
        assert.match(err.message, /newer Rewind \(schema version \d+; this one knows up to \d+\)/);
        return true;
      },
    );
  });

  it('refuses a database another server holds open', function () {
    const file = path.join(tempDir(), 'held.db');
    const first = SqliteStore.open({ path: file });
    first.transaction(() => first.insertNamespace({ name: 'default', createdAt: 'now' }));
    assert.throws(
      () => SqliteStore.open({ path: file }),
      (err: unknown) => err instanceof StoreError && err.code === 'DATABASE_LOCKED',
    );
    first.close();
    SqliteStore.open({ path: file }).close();
  });
});
