// Schedules from a client (Temporal's ScheduleClient, as `client.schedule`): create one, find it,
// list them, and pause, unpause, trigger, update or delete it through its handle.
import { randomUUID } from 'node:crypto';
import { definedFields } from '../common/defined-fields';
import { ValueError } from '../common/errors';
import { toPayload } from '../common/payloads';
import type { RequestParams } from '../protocol';
import { CallScopes } from './call-scopes';
import { clientContext, type BaseClientOptions } from './client-options';
import type { Connection } from './connection';
import { typed } from './service-errors';
import type { HandleContext } from './workflow-handle';
import { compileBackfills, compileBody, mapValues, toDescription, toSummary } from './schedule-data';
import type {
  Backfill,
  ScheduleDescription,
  ScheduleOptions,
  ScheduleOverlapPolicy,
  ScheduleSummary,
  ScheduleUpdateOptions,
} from './schedule-types';
import type { RefusedMember } from '../common/refused-members';

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

/** What `new ScheduleClient()` takes (Temporal's `ScheduleClientOptions`, those that apply). */
export type ScheduleClientOptions = BaseClientOptions;

/**
 * Creates and finds schedules, as Temporal's `ScheduleClient`; use it as `client.schedule`. A schedule
 * starts a workflow at the times of its spec (in UTC), as its overlap policy allows; the server keeps it,
 * so it acts whether or not a client is connected, and catches up on times missed while it was down.
 */
export class ScheduleClient extends CallScopes {
  // Temporal's members that Rewind does not have, refused with why and what to use (common/refused-members.ts).
  /** @deprecated ScheduleClient.options (Temporal's) is not in Rewind: see the type's text. */
  declare readonly options: RefusedMember<'ScheduleClient.options', 'clientOptions'>;

  /** The connection the client calls the server on. */
  get connection(): Connection {
    return this.ctx.connection;
  }

  private readonly ctx: HandleContext;

  /** Its connection, namespace and identity, defaults as `new Client()`'s (Temporal's `ScheduleClientOptions`); prefer `client.schedule` of a Client. */
  constructor(options: ScheduleClientOptions = {}) {
    super();
    this.ctx = clientContext(options);
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
