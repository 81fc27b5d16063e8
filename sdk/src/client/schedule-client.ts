// Schedules from a client (Temporal's ScheduleClient, as `client.schedule`): create one, find it,
// list them, and pause, unpause, trigger, update or delete it through its handle.
import { searchAttributesFromWire, searchAttributesToWire, type SearchAttributes } from '../common/search-attributes';
import { TypedSearchAttributes, type SearchAttributePair } from '../common/typed-search-attributes';
import { randomUUID } from 'node:crypto';
import { definedFields } from '../common/defined-fields';
import { msOptionalToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { Workflow } from '../common/interfaces';
import { toPayload, toPayloads } from '../common/payloads';
import type { RequestParams, ScheduleBackfillData, ScheduleDescriptionData, ScheduleOverlapPolicyName } from '../protocol';
import { compileScheduleSpec, describeScheduleSpec, type ScheduleSpec, type ScheduleSpecDescription } from './schedule-spec';
import { decodePayload, decodePayloadRecord } from '../common/payload-decoding';
import { CallScopes } from './call-scopes';
import type { Connection } from './connection';
import { typed } from './service-errors';
import type { HandleContext } from './workflow-handle';

/**
 * What a schedule does at an action time while the run it started last is still running (Temporal's
 * `ScheduleOverlapPolicy`). The runs a schedule started are found by their `TemporalScheduledById`
 * search attribute.
 */
export const ScheduleOverlapPolicy = {
  /** Don't start; the next action time after the run closes starts the next one (the default). */
  SKIP: 'SKIP',
  /** Start once the running one closes; at most one start waits (later ones are skipped). */
  BUFFER_ONE: 'BUFFER_ONE',
  /** Start each one after the one before closes, in order: none is skipped. */
  BUFFER_ALL: 'BUFFER_ALL',
  /** Ask the running one to cancel, and start once it has closed. */
  CANCEL_OTHER: 'CANCEL_OTHER',
  /** Terminate the running one and start at once. */
  TERMINATE_OTHER: 'TERMINATE_OTHER',
  /** Start anyway: runs may overlap. */
  ALLOW_ALL: 'ALLOW_ALL',
  /** Not chosen (undefined): the default, `SKIP` (or, for `trigger`, the schedule's own policy). */
  UNSPECIFIED: undefined,
} as const satisfies Record<string, ScheduleOverlapPolicyName | undefined>;
/** One of the names of {@link ScheduleOverlapPolicy}, or undefined for the default. */
export type ScheduleOverlapPolicy = (typeof ScheduleOverlapPolicy)[keyof typeof ScheduleOverlapPolicy];

/** The workflow a schedule starts at each action time. */
export interface ScheduleStartWorkflowAction {
  type: 'startWorkflow';
  /** The workflow function, or its name. */
  workflowType: string | Workflow;
  /** The task queue whose workers run it. */
  taskQueue: string;
  /** The workflow's arguments (JSON), the same for every run. */
  args?: unknown[] | readonly unknown[];
  /**
   * The start of each run's workflow id: each run's id is this, a dash and its scheduled time to the
   * second in UTC (`nightly-2026-03-01T03:00:00Z`), so a start retried after a crash is the same start.
   *
   * @default `${scheduleId}-workflow`
   */
  workflowId?: string;
  /** As `workflowExecutionTimeout` of `client.workflow.start`. */
  workflowExecutionTimeout?: Duration;
  /** As `workflowRunTimeout` of `client.workflow.start`. */
  workflowRunTimeout?: Duration;
  /** As `workflowTaskTimeout` of `client.workflow.start`. */
  workflowTaskTimeout?: Duration;
  /** Each run's memo (JSON). */
  memo?: Record<string, unknown>;
  /** Each run's search attributes (besides `TemporalScheduledById`, which the schedule adds). */
  searchAttributes?: SearchAttributes;
  /**
   * The same as typed pairs (`[{ key: Customer, value: 'ada' }]`) or a `TypedSearchAttributes`; a name in
   * both is taken from these (as Temporal's).
   */
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
}

/** How a schedule behaves when runs overlap, when it missed times, and when a run fails. */
export interface SchedulePolicies {
  /**
   * What an action time does while the last run still runs.
   *
   * @default ScheduleOverlapPolicy.SKIP
   */
  overlap?: ScheduleOverlapPolicy;
  /**
   * After the server was down, the missed action times it still takes (each with the overlap policy): those
   * missed by less than this. Older ones are counted as missed and skipped.
   *
   * @default one year
   */
  catchupWindow?: Duration;
  /**
   * Pause the schedule when a run it started fails or times out (its note says which run); unpause to go on.
   *
   * @default false
   */
  pauseOnFailure?: boolean;
}

/** What `client.schedule.create()` takes (Temporal's `ScheduleOptions`). */
export interface ScheduleOptions {
  /** The schedule's id, unique in the namespace. */
  scheduleId: string;
  /** When to act: cron expressions, intervals or calendars, in UTC. */
  spec: ScheduleSpec;
  /** What to do at each action time: start a workflow. */
  action: ScheduleStartWorkflowAction;
  policies?: SchedulePolicies;
  /**
   * The schedule's starting state: `paused` (take no actions until unpaused), a `note` (why), a number of
   * `remainingActions` after which it stops acting (unlimited if unset), `triggerImmediately` to take
   * one action at once on creation, and `backfill`s to take at once (see {@link ScheduleHandle.backfill}).
   */
  state?: { paused?: boolean; note?: string; remainingActions?: number; triggerImmediately?: boolean; backfill?: Backfill[] };
  /** Values kept with the schedule (JSON). */
  memo?: Record<string, unknown>;
  /** The schedule's own search attributes (not its runs'), each a list of values; `describe()` gives them. */
  searchAttributes?: SearchAttributes;
  /** The same as typed pairs or a `TypedSearchAttributes`; a name in both is taken from these (as Temporal's). */
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
}

/**
 * What a schedule's `update` function returns: the whole new spec, action, policies and state, which replace
 * the old ones (as in Temporal, `state` is required: `{}` unpauses and lifts `remainingActions`; return
 * `{ ...previous, spec }` to change only the spec). Search attributes left out stay as they were; given
 * (even `{}`), they replace the old ones.
 */
export type ScheduleUpdateOptions = Omit<ScheduleOptions, 'scheduleId' | 'memo' | 'state'> & {
  state: { paused?: boolean; note?: string; remainingActions?: number };
};

/**
 * Action times to take at once, as if they passed now (Temporal's `Backfill`): each time of the spec from
 * `start` to `end`, both included.
 */
export interface Backfill {
  /** The first time looked at. */
  start: Date;
  /** The last time looked at. */
  end: Date;
  /**
   * What each of these times does if a run the schedule started still runs (a run started by the backfill
   * included). Default: the schedule's own policy (as Temporal's server does; its SDK documents `SKIP`).
   */
  overlap?: ScheduleOverlapPolicy;
}

/** The run an action started (Temporal's `ScheduleExecutionStartWorkflowActionResult`). */
export interface ScheduleExecutionStartWorkflowActionResult {
  type: 'startWorkflow';
  workflow: { workflowId: string; firstExecutionRunId: string };
}
/** What an action did (Temporal's `ScheduleExecutionActionResult`): it started a run. */
export type ScheduleExecutionActionResult = ScheduleExecutionStartWorkflowActionResult;

/** One action a schedule took (Temporal's `ScheduleExecutionResult`). */
export interface ScheduleExecutionResult {
  /** The action time it was for. */
  scheduledAt: Date;
  /** When it was taken (later than `scheduledAt` for a buffered or caught-up one). */
  takenAt: Date;
  /** The run it started. */
  action: ScheduleExecutionActionResult;
}

/** The workflow a schedule starts, as `describe()` gives it: as it was given, the timeouts in milliseconds. */
export interface DescribedStartWorkflowAction {
  type: 'startWorkflow';
  workflowType: string;
  taskQueue: string;
  /** The start of each run's workflow id (each run's id is this, a dash and its scheduled time). */
  workflowId: string;
  /** The arguments of each run (always given by describe()). */
  args?: unknown[] | readonly unknown[];
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  typedSearchAttributes?: TypedSearchAttributes;
  workflowExecutionTimeout?: number;
  workflowRunTimeout?: number;
  workflowTaskTimeout?: number;
}

/** What `scheduleHandle.describe()` says of a schedule (Temporal's `ScheduleDescription`). */
export interface ScheduleDescription {
  scheduleId: string;
  /** The spec: cron expressions (calendars converted to them) and intervals in milliseconds. */
  spec: ScheduleSpecDescription;
  /** The workflow it starts. */
  action: DescribedStartWorkflowAction;
  /** The policies, defaults applied (`catchupWindow` in milliseconds). */
  policies: { overlap: ScheduleOverlapPolicy; catchupWindow: number; pauseOnFailure: boolean };
  state: { paused: boolean; note?: string; remainingActions?: number };
  memo?: Record<string, unknown>;
  /** The schedule's own search attributes (`{}` if none). */
  searchAttributes: SearchAttributes;
  /** The same, read by typed keys (an update that passes on a description's fields keeps these over searchAttributes, as Temporal's). */
  typedSearchAttributes: TypedSearchAttributes;
  /** What the schedule has done and will do. */
  info: {
    /** Runs started. */
    numActionsTaken: number;
    /** Action times skipped because a run was still running (`SKIP`, or a full `BUFFER_ONE`). */
    numActionsSkippedOverlap: number;
    /** Action times missed while the server was down, older than the catch-up window. */
    numActionsMissedCatchupWindow: number;
    /** The runs it started that are still running. */
    runningActions: ScheduleExecutionResult['action'][];
    /** The last actions taken, oldest first (at most 10). */
    recentActions: ScheduleExecutionResult[];
    /** The next action times. */
    nextActionTimes: Date[];
    createdAt: Date;
    /** When it was last changed (updated, paused, unpaused, triggered, backfilled), if it was. */
    lastUpdatedAt: Date | undefined;
  };
  /** What the server said. */
  raw: ScheduleDescriptionData;
}

/** The workflow a schedule starts, as `list()` gives it (Temporal's `ScheduleSummaryStartWorkflowAction`). */
export interface ScheduleSummaryStartWorkflowAction {
  type: 'startWorkflow';
  workflowType: string;
}
/** What a schedule does, as `list()` gives it (Temporal's `ScheduleSummaryAction`). */
export type ScheduleSummaryAction = ScheduleSummaryStartWorkflowAction;

/** What `client.schedule.list()` yields for each schedule (Temporal's `ScheduleSummary`). */
export interface ScheduleSummary {
  scheduleId: string;
  spec?: ScheduleSpecDescription;
  action?: ScheduleSummaryAction;
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  state: { paused: boolean; note?: string };
  info: {
    /** The last actions taken, oldest first (at most 10). */
    recentActions: ScheduleExecutionResult[];
    /** The next action times. */
    nextActionTimes: Date[];
  };
  /** What the server said (Rewind's: set by `list()`). */
  raw?: ScheduleDescriptionData;
}

function workflowTypeOf(t: string | Workflow): string {
  const name = typeof t === 'string' ? t : t.name;
  if (!name) throw new ValueError('Cannot tell the workflow type: pass a named workflow function or its name as a string.');
  return name;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T, key: string) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v, k)]));
}

function compileBody(
  scheduleId: string,
  o: Omit<ScheduleUpdateOptions, 'state'> & { state?: ScheduleUpdateOptions['state'] },
): Pick<RequestParams<'schedule.create'>, 'spec' | 'action' | 'policies' | 'state'> {
  const a = o.action;
  if (!a || a.type !== 'startWorkflow')
    throw new ValueError("A schedule's action must be { type: 'startWorkflow', workflowType, taskQueue, args }.");
  if (typeof a.taskQueue !== 'string' || !a.taskQueue) throw new ValueError("The schedule action's taskQueue is required.");
  const workflowType = workflowTypeOf(a.workflowType);
  // A duration of 0 is none.
  const ms = (d: Duration | undefined): number | undefined => msOptionalToNumber(d) || undefined;
  const catchupWindowMs = ms(o.policies?.catchupWindow);
  return {
    spec: compileScheduleSpec(o.spec),
    action: {
      type: 'startWorkflow',
      workflowId: a.workflowId ?? `${scheduleId}-workflow`,
      workflowType,
      taskQueue: a.taskQueue,
      args: toPayloads([...(a.args ?? [])], `workflow ${workflowType}`),
      ...definedFields({
        workflowExecutionTimeoutMs: ms(a.workflowExecutionTimeout),
        workflowRunTimeoutMs: ms(a.workflowRunTimeout),
        workflowTaskTimeoutMs: ms(a.workflowTaskTimeout),
        memo: a.memo ? mapValues(a.memo, (v, k) => toPayload(v, `memo ${k}`)) : undefined,
        searchAttributes: searchAttributesToWire(a.searchAttributes, a.typedSearchAttributes),
      }),
    },
    ...(o.policies
      ? {
          policies: definedFields({
            overlap: o.policies.overlap,
            catchupWindowMs,
            pauseOnFailure: o.policies.pauseOnFailure,
          }),
        }
      : {}),
    ...(o.state
      ? { state: definedFields({ paused: o.state.paused, note: o.state.note, remainingActions: o.state.remainingActions }) }
      : {}),
    // Left out, the schedule's search attributes stay as they were (on update); given, even empty, they replace them.
    ...(o.searchAttributes || o.typedSearchAttributes
      ? { searchAttributes: searchAttributesToWire(o.searchAttributes, o.typedSearchAttributes) ?? {} }
      : {}),
  };
}

/** Backfills as the server takes them, checked. */
function compileBackfills(backfills: readonly Backfill[]): ScheduleBackfillData[] {
  return backfills.map((b, i) => {
    const time = (d: unknown, which: string): number => {
      if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
        throw new ValueError(`Backfill ${i}'s ${which} must be a valid Date, e.g. new Date('2026-01-01T00:00:00Z').`);
      }
      return d.getTime();
    };
    const [startMs, endMs] = [time(b?.start, 'start'), time(b?.end, 'end')];
    if (endMs < startMs) throw new ValueError(`Backfill ${i} ends (${b.end.toISOString()}) before it starts (${b.start.toISOString()}).`);
    return { startMs, endMs, ...(b.overlap ? { overlap: b.overlap } : {}) };
  });
}

const actionResult = (workflowId: string, firstExecutionRunId: string): ScheduleExecutionActionResult => ({
  type: 'startWorkflow',
  workflow: { workflowId, firstExecutionRunId },
});

const recentActionsOf = (raw: ScheduleDescriptionData): ScheduleExecutionResult[] =>
  raw.info.recentActions.map((r) => ({
    scheduledAt: new Date(r.scheduledAt),
    takenAt: new Date(r.takenAt),
    action: actionResult(r.workflowId, r.firstExecutionRunId),
  }));

function toDescription(raw: ScheduleDescriptionData): ScheduleDescription {
  const a = raw.action;
  return {
    scheduleId: raw.scheduleId,
    spec: describeScheduleSpec(raw.spec),
    action: {
      type: 'startWorkflow',
      workflowType: a.workflowType,
      taskQueue: a.taskQueue,
      workflowId: a.workflowId,
      args: (a.args ?? []).map((p, i) => decodePayload(p, `argument ${i} of schedule ${raw.scheduleId}'s workflow`)),
      ...definedFields({
        memo: a.memo ? decodePayloadRecord(a.memo, `the memo of schedule ${raw.scheduleId}'s workflow`) : undefined,
        searchAttributes: a.searchAttributes ? searchAttributesFromWire(a.searchAttributes) : undefined,
        workflowExecutionTimeout: a.workflowExecutionTimeoutMs,
        workflowRunTimeout: a.workflowRunTimeoutMs,
        workflowTaskTimeout: a.workflowTaskTimeoutMs,
      }),
    },
    policies: { overlap: raw.policies.overlap, catchupWindow: raw.policies.catchupWindowMs, pauseOnFailure: raw.policies.pauseOnFailure },
    state: raw.state,
    ...(raw.memo ? { memo: decodePayloadRecord(raw.memo, `the memo of schedule ${raw.scheduleId}`) } : {}),
    searchAttributes: searchAttributesFromWire(raw.searchAttributes),
    typedSearchAttributes: TypedSearchAttributes.fromJson(raw.searchAttributes ?? {}),
    info: {
      numActionsTaken: raw.info.numActionsTaken,
      numActionsSkippedOverlap: raw.info.numActionsSkippedOverlap,
      numActionsMissedCatchupWindow: raw.info.numActionsMissedCatchupWindow,
      runningActions: raw.info.runningActions.map((r) => actionResult(r.workflowId, r.firstExecutionRunId)),
      recentActions: recentActionsOf(raw),
      nextActionTimes: raw.info.nextActionTimes.map((t) => new Date(t)),
      createdAt: new Date(raw.info.createdAt),
      lastUpdatedAt: raw.info.lastUpdatedAt ? new Date(raw.info.lastUpdatedAt) : undefined,
    },
    raw,
  };
}

function toSummary(raw: ScheduleDescriptionData): ScheduleSummary {
  return {
    scheduleId: raw.scheduleId,
    spec: describeScheduleSpec(raw.spec),
    action: { type: 'startWorkflow', workflowType: raw.action.workflowType },
    ...definedFields({
      memo: raw.memo ? decodePayloadRecord(raw.memo, `the memo of schedule ${raw.scheduleId}`) : undefined,
      searchAttributes: raw.searchAttributes ? searchAttributesFromWire(raw.searchAttributes) : undefined,
      typedSearchAttributes: raw.searchAttributes ? TypedSearchAttributes.fromJson(raw.searchAttributes) : undefined,
    }),
    state: { paused: raw.state.paused, ...(raw.state.note !== undefined ? { note: raw.state.note } : {}) },
    info: { recentActions: recentActionsOf(raw), nextActionTimes: raw.info.nextActionTimes.map((t) => new Date(t)) },
    raw,
  };
}

/**
 * A handle on one schedule (Temporal's `ScheduleHandle`), from `client.schedule.create()` or
 * `getHandle()`. Every method rejects with {@link ScheduleNotFoundError} if the namespace has no schedule
 * with its id.
 */
export type ScheduleHandle = Pick<ScheduleHandleImpl, keyof ScheduleHandleImpl>;

/** The class behind {@link ScheduleHandle} (its private parts are not the handle's type). */
export class ScheduleHandleImpl {
  constructor(
    private readonly ctx: HandleContext,
    /** The client that made this handle (Temporal's `handle.client`). */
    readonly client: ScheduleClient,
    /** The schedule's id. */
    readonly scheduleId: string,
  ) {}

  private call<
    M extends
      | 'schedule.describe'
      | 'schedule.pause'
      | 'schedule.unpause'
      | 'schedule.trigger'
      | 'schedule.delete'
      | 'schedule.update'
      | 'schedule.backfill',
  >(method: M, extra: Omit<RequestParams<M>, 'namespace' | 'scheduleId'>) {
    const params = { namespace: this.ctx.namespace, scheduleId: this.scheduleId, ...extra } as RequestParams<M>;
    return typed({ namespace: this.ctx.namespace, scheduleId: this.scheduleId }, () => this.ctx.connection.call(method, params));
  }

  /** What the schedule is and has done: spec, action, policies, state, recent and next actions. */
  async describe(): Promise<ScheduleDescription> {
    return toDescription(await this.call('schedule.describe', {}));
  }

  /**
   * Pauses the schedule: it takes no actions until {@link unpause}d (times that pass meanwhile are not
   * made up). Runs it started go on.
   *
   * @param note why, shown by `describe()`.
   */
  async pause(note?: string): Promise<void> {
    await this.call('schedule.pause', note !== undefined ? { note } : {});
  }

  /**
   * Unpauses the schedule: it acts again from its next action time.
   *
   * @param note shown by `describe()`.
   */
  async unpause(note?: string): Promise<void> {
    await this.call('schedule.unpause', note !== undefined ? { note } : {});
  }

  /**
   * Takes the schedule's action now (it counts against `remainingActions`).
   *
   * @param overlap what to do if a run it started still runs. Default: the schedule's own overlap policy;
   *   unlike Temporal's TypeScript SDK, whose default is `ALLOW_ALL`, so pass `ALLOW_ALL` to start whatever runs.
   */
  async trigger(overlap?: ScheduleOverlapPolicy): Promise<void> {
    await this.call('schedule.trigger', overlap ? { overlap } : {});
  }

  /**
   * Takes the actions of past (or future) times at once, as if those times passed now (Temporal's
   * `backfill`): for each backfill, every time of the spec from `start` to `end` (both included), in order,
   * each as the backfill's `overlap` says (default: the schedule's own policy). Runs get the ids those
   * times would have given them, so a time whose run was started already is not started again. Taken even
   * while paused; `remainingActions` counts them.
   *
   * @throws ValueError if a start or end is not a Date, or a backfill ends before it starts (nothing is sent).
   * @throws ServiceError (`INVALID_ARGUMENT`) for more than 1,000 action times in one call.
   */
  async backfill(options: Backfill | Backfill[]): Promise<void> {
    await this.call('schedule.backfill', { backfills: compileBackfills(Array.isArray(options) ? options : [options]) });
  }

  /** Deletes the schedule: it takes no more actions. Runs it started go on. */
  async delete(): Promise<void> {
    await this.call('schedule.delete', {});
  }

  /**
   * Changes the schedule: `fn` gets its current description and returns the whole new spec, action and
   * policies (and state, if given), which replace the old ones; next times are computed anew.
   *
   * @throws CronSyntaxError or ValueError if the new spec or action is not valid (nothing is sent).
   */
  async update(fn: (previous: ScheduleDescription) => ScheduleUpdateOptions): Promise<void> {
    const next = fn(await this.describe());
    await this.call('schedule.update', compileBody(this.scheduleId, next));
  }
}

/**
 * Creates and finds schedules, as Temporal's `ScheduleClient`; use it as `client.schedule`. A schedule
 * starts a workflow at the times of its spec (in UTC), as its overlap policy allows; the server keeps it,
 * so it acts whether or not a client is connected, and catches up on times missed while it was down.
 */
export class ScheduleClient extends CallScopes {
  /** The connection the client calls the server on. */
  get connection(): Connection {
    return this.ctx.connection;
  }

  constructor(private readonly ctx: HandleContext) {
    super();
  }

  /**
   * Creates a schedule and returns its handle.
   *
   * ```ts
   * await client.schedule.create({
   *   scheduleId: 'nightly-backup-check',
   *   spec: { cronExpressions: ['0 3 * * *'] },
   *   action: { type: 'startWorkflow', workflowType: checkBackup, taskQueue: 'backups', args: ['/var/backups'] },
   *   policies: { overlap: ScheduleOverlapPolicy.SKIP },
   * });
   * ```
   *
   * @throws ScheduleAlreadyRunning if the namespace has a schedule with this id.
   * @throws CronSyntaxError if a cron expression (or calendar) does not parse: the message says what is wrong.
   * @throws ValueError if the id, spec or action is not valid otherwise: an interval under a second, a
   *   time zone other than UTC, no task queue, an argument that is not JSON.
   */
  async create(options: ScheduleOptions): Promise<ScheduleHandle> {
    if (!options || typeof options.scheduleId !== 'string' || !options.scheduleId)
      throw new ValueError('ScheduleOptions.scheduleId is required.');
    const params: RequestParams<'schedule.create'> = {
      namespace: this.ctx.namespace,
      scheduleId: options.scheduleId,
      ...compileBody(options.scheduleId, options),
      ...(options.memo ? { memo: mapValues(options.memo, (v, k) => toPayload(v, `memo ${k}`)) } : {}),
      ...(options.state?.triggerImmediately ? { triggerImmediately: true } : {}),
      ...(options.state?.backfill?.length ? { backfill: compileBackfills(options.state.backfill) } : {}),
      requestId: randomUUID(),
    };
    await typed({ namespace: this.ctx.namespace, scheduleId: options.scheduleId }, () =>
      this.ctx.connection.call('schedule.create', params),
    );
    return new ScheduleHandleImpl(this.ctx, this, options.scheduleId);
  }

  /** A handle on a schedule by its id: nothing is checked until it is used. */
  getHandle(scheduleId: string): ScheduleHandle {
    return new ScheduleHandleImpl(this.ctx, this, scheduleId);
  }

  /**
   * Every schedule of the namespace, by id, fetching pages as the loop goes (`for await`).
   *
   * @param options.pageSize how many schedules each request to the server brings.
   */
  async *list(options: { pageSize?: number } = {}): AsyncIterable<ScheduleSummary> {
    let nextPageToken: string | undefined;
    do {
      const page = await typed({ namespace: this.ctx.namespace }, () =>
        this.ctx.connection.call('schedule.list', {
          namespace: this.ctx.namespace,
          // A page size of 0 is none; the token is undefined or not empty (see the loop's test).
          ...definedFields({ pageSize: options.pageSize || undefined, nextPageToken }),
        }),
      );
      yield* page.schedules.map(toSummary);
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
  }
}
