// The storage interface of the server: everything durable goes through these methods, and every
// mutation happens inside `transaction` (one SQLite transaction; nested calls are savepoints).
import type { ScheduleRecord } from '../engine/schedule-record';
import type { HistoryEvent, NamespaceInfo, SearchAttributeDefinition, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { RunState } from '../engine/run-state';

export interface ReadEventsParams {
  runId: string;
  fromEventId: number;
  /** Inclusive. */
  toEventId?: number;
  limit?: number;
}

export interface ListRunsParams {
  namespace: string;
  limit: number;
  /** Continue after this run (start time, run id), newest first. */
  after?: { startTime: number; runId: string };
  /**
   * A filter such as `WorkflowType = 'order' AND ExecutionStatus = 'Running'` (see query-parser.ts); its
   * search attributes compare by the types registered in the namespace.
   */
  query?: string;
}

export interface Store {
  /** Runs `fn` in one transaction (a savepoint when nested) and commits before returning. */
  transaction<T>(fn: () => T): T;
  /** Moves committed changes from the write-ahead log into the database file (when the server is idle). */
  /** The clear error for a failure of the database (full disk, locked file), else the error itself. */
  explain(err: unknown): unknown;
  checkpoint(): void;
  close(): void;
  /** Where the data lives: a file path or ':memory:'. */
  readonly location: string;

  listNamespaces(): NamespaceInfo[];
  getNamespace(name: string): NamespaceInfo | undefined;
  insertNamespace(params: Readonly<NamespaceInfo>): void;
  /** Replaces what is kept of a namespace (its description, owner email, retention, data) with `info`'s. */
  updateNamespace(info: Readonly<NamespaceInfo>): void;

  /** The custom search attributes registered in a namespace, by name. */
  listSearchAttributes(namespace: string): SearchAttributeDefinition[];
  /** Registers (or retypes) one custom search attribute of a namespace. */
  putSearchAttribute(namespace: string, attribute: Readonly<SearchAttributeDefinition>): void;
  deleteSearchAttribute(namespace: string, name: string): void;

  insertRun(state: Readonly<RunState>): void;
  updateRun(state: Readonly<RunState>): void;
  getRun(runId: string): RunState | undefined;
  /** Removes a run and its history. */
  deleteRun(runId: string): void;
  /** The newest run of a workflow id. */
  getCurrentRunId(namespace: string, workflowId: string): string | undefined;
  listRuns(params: Readonly<ListRunsParams>): WorkflowExecutionInfo[];
  /**
   * A list query compiled once, for a live list that asks at each change which of the runs that changed
   * match it (so that a watch does not prepare its SQL again each time). Throws QuerySyntaxError.
   */
  runFilter(namespace: string, query: string): (runIds: readonly string[]) => Set<string>;
  getSchedule(namespace: string, scheduleId: string): ScheduleRecord | undefined;
  /** Inserts or replaces a schedule. */
  putSchedule(record: Readonly<ScheduleRecord>): void;
  deleteSchedule(namespace: string, scheduleId: string): void;
  /** Schedules of a namespace by id, after `afterId`; or, without a namespace, every schedule. */
  listSchedules(params: { namespace?: string; limit?: number; afterId?: string }): ScheduleRecord[];
  /** How many runs a filter matches. */
  countRuns(params: Readonly<Omit<ListRunsParams, 'limit' | 'after'>>): number;
  /** The state of every open run (at start-up, to rebuild the task queues and timers). */
  listOpenRuns(): RunState[];

  /**
   * Writes events after the run's last ones. `texts`: the JSON already made of some of them (what
   * JSON.stringify gives, as a transition made it while counting the history's size), written as it is.
   */
  appendEvents(runId: string, events: readonly HistoryEvent[], texts?: ReadonlyMap<HistoryEvent, string>): void;
  readEvents(params: Readonly<ReadEventsParams>): HistoryEvent[];
  readEvent(runId: string, eventId: number): HistoryEvent | undefined;
}
