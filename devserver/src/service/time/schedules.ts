// Schedules: start a workflow at the times of a spec, as the overlap policy allows. The database is
// the truth (records are re-read for every change); memory holds only when each schedule acts next,
// with one clock alarm for the earliest. Runs a schedule started carry its id in the search attribute
// TemporalScheduledById (as in Temporal), so that their end can start a buffered action.
import type {
  RequestParams,
  RequestResult,
  ScheduleBackfillData,
  ScheduleDescriptionData,
  ScheduleOverlapPolicyName,
} from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RunState } from '../../engine/run-state';
import { DEFAULT_CATCHUP_WINDOW_MS, type ScheduleRecord } from '../../engine/schedule-record';
import { compileSpec } from '../../engine/schedule-spec';
import { requestCancelRun, terminateRun } from '../../engine/execution';
import { EngineError } from '../../engine/transition';
import type { TimerHandle } from './clock';
import type { ServiceContext } from '../service-context';
import type { UnitOfWork } from '../commit/unit-of-work';
import type { Workflows } from '../workflows/workflows';
import { conflictToken, describeSchedule, iso } from './schedule-description';

const RECENT_ACTIONS = 10;
/** Missed times looked at per wake-up (a schedule every second, down for a day, is not replayed in full). */
const MAX_CATCHUP_STEPS = 1000;
const key = (namespace: string, scheduleId: string): string => `${namespace}/${scheduleId}`;

export class Schedules {
  private readonly nextAt = new Map<string, number>();
  private alarm: TimerHandle | undefined;
  private alarmAt = Infinity;
  private stopped = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly workflows: Workflows,
  ) {}

  /** Reads every schedule's next time from the database (at start, and after memory was reset). */
  reload(): void {
    this.nextAt.clear();
    for (const r of this.ctx.store.listSchedules({})) this.track(r);
    this.arm();
  }

  nextFireAt(): number | undefined {
    let min: number | undefined;
    for (const t of this.nextAt.values()) if (min === undefined || t < min) min = t;
    return min;
  }

  create(p: RequestParams<'schedule.create'>): Promise<RequestResult<'schedule.create'>> {
    return this.ctx.committer.run((uow) => {
      this.requireNamespace(p.namespace);
      const existing = this.ctx.store.getSchedule(p.namespace, p.scheduleId);
      // The same request again (a retry after a lost answer) made it: as Temporal's server, that is a success.
      if (existing?.requestId === p.requestId) return {};
      if (existing) {
        throw new EngineError(
          'ALREADY_EXISTS',
          `Schedule ${p.scheduleId} already exists in namespace ${p.namespace}.`,
          'ScheduleAlreadyRunning',
        );
      }
      checkSpec(p.spec);
      const now = this.ctx.clock.now();
      const record: ScheduleRecord = {
        namespace: p.namespace,
        scheduleId: p.scheduleId,
        spec: p.spec,
        action: p.action,
        policies: policiesOf(p.policies),
        state: stateOf(p.state),
        ...definedFields({ memo: p.memo, searchAttributes: p.searchAttributes }),
        createdAt: now,
        requestId: p.requestId,
        revision: 0,
        lastScheduledAt: now,
        numActionsTaken: 0,
        numActionsSkippedOverlap: 0,
        numActionsMissedCatchupWindow: 0,
        recentActions: [],
        running: [],
        buffered: [],
      };
      if (p.triggerImmediately) this.act(uow, record, now, record.policies.overlap);
      this.backfillIn(uow, record, p.backfill ?? []);
      this.save(uow, record);
      return {};
    });
  }

  update(p: RequestParams<'schedule.update'>): Promise<RequestResult<'schedule.update'>> {
    return this.change(p, (r) => {
      if (p.conflictToken !== undefined && p.conflictToken !== conflictToken(r)) {
        throw new EngineError(
          'FAILED_PRECONDITION',
          `Schedule ${p.scheduleId} changed since its conflict token ${p.conflictToken} was read (it is ${conflictToken(r)} now): describe it again and retry the update.`,
        );
      }
      checkSpec(p.spec);
      r.spec = p.spec;
      r.action = p.action;
      r.policies = policiesOf(p.policies);
      if (p.state) r.state = stateOf(p.state);
      // As Temporal's: left out, they stay; given (even empty), they replace the old ones.
      if (p.searchAttributes) {
        if (Object.keys(p.searchAttributes).length > 0) r.searchAttributes = p.searchAttributes;
        else delete r.searchAttributes;
      }
    });
  }

  pause(p: RequestParams<'schedule.pause'>): Promise<RequestResult<'schedule.pause'>> {
    return this.change(p, (r) => {
      r.state.paused = true;
      r.state.note = p.note ?? 'Paused';
    });
  }

  unpause(p: RequestParams<'schedule.unpause'>): Promise<RequestResult<'schedule.unpause'>> {
    return this.change(p, (r) => {
      r.state.paused = false;
      r.state.note = p.note ?? 'Unpaused';
      // The times that passed while paused are not made up for.
      r.lastScheduledAt = Math.max(r.lastScheduledAt, this.ctx.clock.now());
    });
  }

  /** Takes the action now, whatever the spec says (the overlap policy still applies), for `scheduledAtMs` if given. */
  trigger(p: RequestParams<'schedule.trigger'>): Promise<RequestResult<'schedule.trigger'>> {
    return this.change(p, (r, uow) => this.act(uow, r, p.scheduledAtMs ?? this.ctx.clock.now(), p.overlap ?? r.policies.overlap));
  }

  /**
   * Takes the action for every time of the spec in each backfill's range (both ends included), in order, as
   * if those times passed now (Temporal's backfill): each as the backfill's overlap policy says (default the
   * schedule's), paused or not; `remainingActions` still counts.
   */
  backfill(p: RequestParams<'schedule.backfill'>): Promise<RequestResult<'schedule.backfill'>> {
    return this.change(p, (r, uow) => this.backfillIn(uow, r, p.backfills));
  }

  delete(p: RequestParams<'schedule.delete'>): Promise<RequestResult<'schedule.delete'>> {
    return this.ctx.committer.run((uow) => {
      this.require(p.namespace, p.scheduleId);
      uow.wrote = true;
      this.ctx.store.deleteSchedule(p.namespace, p.scheduleId);
      uow.afterCommit(() => {
        this.nextAt.delete(key(p.namespace, p.scheduleId));
        this.arm();
      });
      return {};
    });
  }

  describe(p: RequestParams<'schedule.describe'>): ScheduleDescriptionData {
    return this.description(this.require(p.namespace, p.scheduleId));
  }

  /** The spec's action times from `startMs` to `endMs`, both included (at most MAX_CATCHUP_STEPS). */
  matchingTimes(p: RequestParams<'schedule.matchingTimes'>): RequestResult<'schedule.matchingTimes'> {
    const spec = compileSpec(this.require(p.namespace, p.scheduleId).spec);
    const times: string[] = [];
    for (let t = spec.next(p.startMs - 1); t !== undefined && t <= p.endMs && times.length < MAX_CATCHUP_STEPS; t = spec.next(t)) {
      times.push(iso(t));
    }
    return { times };
  }

  list(p: RequestParams<'schedule.list'>): RequestResult<'schedule.list'> {
    this.requireNamespace(p.namespace);
    const limit = p.pageSize ?? 100;
    const records = this.ctx.store.listSchedules({
      namespace: p.namespace,
      limit: limit + 1,
      ...(p.nextPageToken ? { afterId: p.nextPageToken } : {}),
    });
    const page = records.slice(0, limit).map((r) => this.description(r));
    return records.length > limit ? { schedules: page, nextPageToken: records[limit - 1]!.scheduleId } : { schedules: page };
  }

  /** A run closed: if a schedule started it, its buffered action may start now (or the schedule pause, on failure). */
  runClosed(state: RunState): void {
    const scheduleId = state.searchAttributes?.TemporalScheduledById?.[0];
    if (typeof scheduleId !== 'string') return;
    const failed = state.status === 'FAILED' || state.status === 'TIMED_OUT';
    this.ctx.committer
      .run((uow) => {
        const r = this.ctx.store.getSchedule(state.namespace, scheduleId);
        if (!r) return;
        this.refreshRunning(r);
        if (failed && r.policies.pauseOnFailure) {
          r.state.paused = true;
          r.state.note = `Paused: workflow ${state.workflowId} ${state.status === 'FAILED' ? 'failed' : 'timed out'} (pauseOnFailure).`;
        }
        if (r.running.length === 0 && r.buffered.length > 0 && !r.state.paused) this.start(uow, r, r.buffered.shift()!);
        this.save(uow, r);
      })
      .catch((err) => this.ctx.log.error(`Schedule ${scheduleId} could not start its buffered action`, err));
  }

  stop(): void {
    this.stopped = true;
    this.alarm?.cancel();
  }

  // ---- acting -----------------------------------------------------------------------------------

  /** The clock reached the next time of some schedules: act for every time that passed, in order. */
  private wake(): void {
    this.alarm = undefined;
    this.alarmAt = Infinity;
    const now = this.ctx.clock.now();
    for (const [k, at] of this.nextAt) {
      if (at > now) continue;
      this.nextAt.delete(k);
      const [namespace, scheduleId] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
      this.ctx.committer
        .run((uow) => {
          const r = this.ctx.store.getSchedule(namespace, scheduleId);
          if (r) this.catchUp(uow, r);
        })
        .catch((err) => {
          this.ctx.log.error(`Schedule ${scheduleId} could not act; retrying in a second`, err);
          this.nextAt.set(k, this.ctx.clock.now() + 1000);
          this.arm();
        });
    }
    this.arm();
  }

  private catchUp(uow: UnitOfWork, r: ScheduleRecord): void {
    const spec = compileSpec(r.spec);
    const now = this.ctx.clock.now();
    for (let i = 0; i < MAX_CATCHUP_STEPS; i++) {
      const t = spec.next(r.lastScheduledAt);
      if (t === undefined || t > now) break;
      r.lastScheduledAt = t;
      if (r.state.paused) continue;
      if (now - t > r.policies.catchupWindowMs) r.numActionsMissedCatchupWindow++;
      else this.act(uow, r, t, r.policies.overlap);
    }
    this.save(uow, r);
  }

  private backfillIn(uow: UnitOfWork, r: ScheduleRecord, backfills: readonly ScheduleBackfillData[]): void {
    const spec = compileSpec(r.spec);
    const times: { at: number; overlap: ScheduleOverlapPolicyName }[] = [];
    for (const b of backfills) {
      if (b.endMs < b.startMs) {
        throw new EngineError('INVALID_ARGUMENT', `A backfill ends (${iso(b.endMs)}) before it starts (${iso(b.startMs)}).`);
      }
      for (let t = spec.next(b.startMs - 1); t !== undefined && t <= b.endMs; t = spec.next(t)) {
        if (times.length === MAX_CATCHUP_STEPS) {
          throw new EngineError(
            'INVALID_ARGUMENT',
            `A backfill takes at most ${MAX_CATCHUP_STEPS} action times: split it into shorter ranges.`,
          );
        }
        times.push({ at: t, overlap: b.overlap ?? r.policies.overlap });
      }
    }
    for (const { at, overlap } of times) this.act(uow, r, at, overlap);
  }

  /** One action time: start, or skip, buffer, cancel or terminate the running run first, as `overlap` says. */
  private act(uow: UnitOfWork, r: ScheduleRecord, scheduledAt: number, overlap: ScheduleOverlapPolicyName): void {
    if (r.state.remainingActions === 0) return;
    this.refreshRunning(r);
    if (r.running.length === 0 || overlap === 'ALLOW_ALL') {
      this.start(uow, r, scheduledAt);
      return;
    }
    switch (overlap) {
      case 'SKIP':
        r.numActionsSkippedOverlap++;
        break;
      case 'BUFFER_ONE':
        if (r.buffered.length === 0) r.buffered.push(scheduledAt);
        else r.numActionsSkippedOverlap++;
        break;
      case 'BUFFER_ALL':
        r.buffered.push(scheduledAt);
        break;
      case 'CANCEL_OTHER':
        for (const run of r.running)
          this.onRun(uow, run.runId, (tx) => requestCancelRun(tx, { reason: `schedule ${r.scheduleId}: CANCEL_OTHER` }));
        r.buffered = [scheduledAt];
        break;
      case 'TERMINATE_OTHER':
        for (const run of r.running)
          this.onRun(uow, run.runId, (tx) => terminateRun(tx, { reason: `schedule ${r.scheduleId}: TERMINATE_OTHER` }));
        r.running = [];
        this.start(uow, r, scheduledAt);
        break;
    }
  }

  private onRun(uow: UnitOfWork, runId: string, fn: Parameters<ServiceContext['runs']['mutate']>[2]): void {
    const state = this.ctx.runs.get(runId);
    if (state?.status === 'RUNNING') this.ctx.runs.mutate(uow, runId, fn);
  }

  private start(uow: UnitOfWork, r: ScheduleRecord, scheduledAt: number): void {
    const a = r.action;
    const workflowId = `${a.workflowId}-${iso(scheduledAt)}`;
    const { state } = this.workflows.startIn(uow, {
      namespace: r.namespace,
      workflowId,
      workflowType: a.workflowType,
      taskQueue: a.taskQueue,
      args: a.args,
      requestId: `schedule/${r.scheduleId}/${scheduledAt}`,
      identity: `schedule ${r.scheduleId}`,
      // startRun takes a missing timeout or memo, and a timeout of 0, as none.
      workflowExecutionTimeoutMs: a.workflowExecutionTimeoutMs,
      workflowRunTimeoutMs: a.workflowRunTimeoutMs,
      workflowTaskTimeoutMs: a.workflowTaskTimeoutMs,
      memo: a.memo,
      searchAttributes: { ...a.searchAttributes, TemporalScheduledById: [r.scheduleId], TemporalScheduledStartTime: [iso(scheduledAt)] },
      workflowIdConflictPolicy: 'FAIL',
      retryPolicy: a.retryPolicy,
      header: a.header,
      userMetadata: a.userMetadata,
    });
    r.running.push({ workflowId, runId: state.runId });
    r.numActionsTaken++;
    if (r.state.remainingActions !== undefined) r.state.remainingActions--;
    r.recentActions.push({ scheduledAt, takenAt: this.ctx.clock.now(), workflowId, runId: state.runId });
    if (r.recentActions.length > RECENT_ACTIONS) r.recentActions.shift();
  }

  /** Forgets runs that are no longer running. */
  private refreshRunning(r: ScheduleRecord): void {
    r.running = r.running.filter((run) => this.ctx.runs.get(run.runId)?.status === 'RUNNING');
  }

  // ---- bookkeeping ------------------------------------------------------------------------------

  private change(
    p: { namespace: string; scheduleId: string },
    fn: (r: ScheduleRecord, uow: UnitOfWork) => void,
  ): Promise<Record<string, never>> {
    return this.ctx.committer.run((uow) => {
      const r = this.require(p.namespace, p.scheduleId);
      fn(r, uow);
      r.updatedAt = this.ctx.clock.now();
      r.revision = (r.revision ?? 0) + 1;
      this.save(uow, r);
      return {};
    });
  }

  private save(uow: UnitOfWork, r: ScheduleRecord): void {
    uow.wrote = true;
    this.ctx.store.putSchedule(r);
    uow.afterCommit(() => {
      this.track(r);
      this.arm();
    });
  }

  private track(r: ScheduleRecord): void {
    let next: number | undefined;
    try {
      next = compileSpec(r.spec).next(r.lastScheduledAt);
    } catch (err) {
      this.ctx.log.error(`Schedule ${r.scheduleId} has a spec this server cannot read`, err);
    }
    if (next === undefined) this.nextAt.delete(key(r.namespace, r.scheduleId));
    else this.nextAt.set(key(r.namespace, r.scheduleId), next);
  }

  private arm(): void {
    if (this.stopped) return;
    const next = this.nextFireAt();
    if (next === undefined || next >= this.alarmAt) return;
    this.alarm?.cancel();
    this.alarmAt = next;
    this.alarm = this.ctx.clock.schedule(() => this.wake(), Math.max(0, next - this.ctx.clock.now()));
  }

  private requireNamespace(namespace: string): void {
    if (!this.ctx.store.getNamespace(namespace))
      throw new EngineError('NOT_FOUND', `Namespace ${namespace} not found.`, 'NamespaceNotFoundError');
  }

  private require(namespace: string, scheduleId: string): ScheduleRecord {
    this.requireNamespace(namespace);
    const r = this.ctx.store.getSchedule(namespace, scheduleId);
    if (!r) throw new EngineError('NOT_FOUND', `Schedule ${scheduleId} not found in namespace ${namespace}.`, 'ScheduleNotFoundError');
    return r;
  }

  private description(r: ScheduleRecord): ScheduleDescriptionData {
    this.refreshRunning(r);
    return describeSchedule(r, this.ctx.clock.now(), (runId) => this.ctx.runs.get(runId)?.status);
  }
}

/** A spec that cannot be read is the caller's mistake: say what is wrong. */
function checkSpec(spec: RequestParams<'schedule.create'>['spec']): void {
  try {
    compileSpec(spec);
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', (err as Error).message);
  }
}

function policiesOf(p: RequestParams<'schedule.create'>['policies']): ScheduleRecord['policies'] {
  return {
    overlap: p?.overlap ?? 'SKIP',
    catchupWindowMs: p?.catchupWindowMs ?? DEFAULT_CATCHUP_WINDOW_MS,
    pauseOnFailure: p?.pauseOnFailure ?? false,
  };
}

function stateOf(s: RequestParams<'schedule.create'>['state']): ScheduleRecord['state'] {
  return {
    paused: s?.paused ?? false,
    ...definedFields({ note: s?.note, remainingActions: s?.remainingActions }),
  };
}
