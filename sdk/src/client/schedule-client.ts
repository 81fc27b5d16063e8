// Schedules from a client (Temporal's ScheduleClient, as `client.schedule`): create one, find it,
// list them, and pause, unpause, trigger, update or delete it through its handle.
import { randomUUID } from 'node:crypto';
import { msOptionalToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { Workflow } from '../common/interfaces';
import { toPayload, toPayloads } from '../common/payloads';
import type {
  Payload,
  RequestParams,
  ScheduleActionData,
  ScheduleDescriptionData,
  ScheduleOverlapPolicyName,
  ScheduleSpecData,
} from '../protocol';
import { compileScheduleSpec, type ScheduleSpec } from './schedule-spec';
import { typed } from './service-errors';
import type { HandleContext } from './workflow-handle';

/** What a scheduled start does while the run it started last is still running. */
export const ScheduleOverlapPolicy = {
  /** Don't start (the default). */
  SKIP: 'SKIP',
  /** Start once the running one finishes; at most one waits. */
  BUFFER_ONE: 'BUFFER_ONE',
  /** Start each one after the one before finishes. */
  BUFFER_ALL: 'BUFFER_ALL',
  /** Cancel the running one, then start. */
  CANCEL_OTHER: 'CANCEL_OTHER',
  /** Terminate the running one and start. */
  TERMINATE_OTHER: 'TERMINATE_OTHER',
  /** Start anyway. */
  ALLOW_ALL: 'ALLOW_ALL',
} as const;
export type ScheduleOverlapPolicy = ScheduleOverlapPolicyName;

export interface ScheduleStartWorkflowAction {
  type: 'startWorkflow';
  workflowType: string | Workflow;
  taskQueue: string;
  args?: unknown[];
  /** Each run's id is this followed by its scheduled time. Default: `<scheduleId>-workflow`. */
  workflowId?: string;
  workflowExecutionTimeout?: Duration;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  memo?: Record<string, unknown>;
  searchAttributes?: Record<string, unknown[]>;
}

export interface SchedulePolicies {
  overlap?: ScheduleOverlapPolicy;
  /** After the server was down, actions missed by more than this are not taken. Default one year. */
  catchupWindow?: Duration;
  pauseOnFailure?: boolean;
}

export interface ScheduleOptions {
  scheduleId: string;
  spec: ScheduleSpec;
  action: ScheduleStartWorkflowAction;
  policies?: SchedulePolicies;
  state?: { paused?: boolean; note?: string; remainingActions?: number; triggerImmediately?: boolean };
  memo?: Record<string, unknown>;
}

export type ScheduleUpdateOptions = Omit<ScheduleOptions, 'scheduleId' | 'memo' | 'state'> & {
  state?: { paused?: boolean; note?: string; remainingActions?: number };
};

export interface ScheduleExecutionResult {
  scheduledAt: Date;
  takenAt: Date;
  action: { type: 'startWorkflow'; workflow: { workflowId: string; firstExecutionRunId: string } };
}

export interface ScheduleDescription {
  scheduleId: string;
  spec: ScheduleSpecData;
  action: ScheduleActionData;
  policies: { overlap: ScheduleOverlapPolicy; catchupWindow: number; pauseOnFailure: boolean };
  state: { paused: boolean; note?: string; remainingActions?: number };
  memo?: Record<string, Payload>;
  info: {
    numActionsTaken: number;
    numActionsSkippedOverlap: number;
    numActionsMissedCatchupWindow: number;
    runningActions: ScheduleExecutionResult['action'][];
    recentActions: ScheduleExecutionResult[];
    nextActionTimes: Date[];
    createdAt: Date;
    lastUpdatedAt?: Date;
  };
  /** What the server said. */
  raw: ScheduleDescriptionData;
}

export type ScheduleSummary = ScheduleDescription;

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
  o: ScheduleUpdateOptions,
): Pick<RequestParams<'schedule.create'>, 'spec' | 'action' | 'policies' | 'state'> {
  const a = o.action;
  if (!a || a.type !== 'startWorkflow')
    throw new ValueError("A schedule's action must be { type: 'startWorkflow', workflowType, taskQueue, args }.");
  if (typeof a.taskQueue !== 'string' || !a.taskQueue) throw new ValueError("The schedule action's taskQueue is required.");
  const workflowType = workflowTypeOf(a.workflowType);
  const ms = (d: Duration | undefined, field: string): Record<string, number> => {
    const v = msOptionalToNumber(d);
    return v ? { [field]: v } : {};
  };
  const catchupWindowMs = msOptionalToNumber(o.policies?.catchupWindow);
  return {
    spec: compileScheduleSpec(o.spec),
    action: {
      type: 'startWorkflow',
      workflowId: a.workflowId ?? `${scheduleId}-workflow`,
      workflowType,
      taskQueue: a.taskQueue,
      args: toPayloads(a.args ?? [], `workflow ${workflowType}`),
      ...ms(a.workflowExecutionTimeout, 'workflowExecutionTimeoutMs'),
      ...ms(a.workflowRunTimeout, 'workflowRunTimeoutMs'),
      ...ms(a.workflowTaskTimeout, 'workflowTaskTimeoutMs'),
      ...(a.memo ? { memo: mapValues(a.memo, (v, k) => toPayload(v, `memo ${k}`)) } : {}),
      ...(a.searchAttributes ? { searchAttributes: mapValues(a.searchAttributes, (v, k) => toPayloads(v, `search attribute ${k}`)) } : {}),
    },
    ...(o.policies
      ? {
          policies: {
            ...(o.policies.overlap ? { overlap: o.policies.overlap } : {}),
            ...(catchupWindowMs ? { catchupWindowMs } : {}),
            ...(o.policies.pauseOnFailure !== undefined ? { pauseOnFailure: o.policies.pauseOnFailure } : {}),
          },
        }
      : {}),
    ...(o.state
      ? {
          state: {
            ...(o.state.paused !== undefined ? { paused: o.state.paused } : {}),
            ...(o.state.note !== undefined ? { note: o.state.note } : {}),
            ...(o.state.remainingActions !== undefined ? { remainingActions: o.state.remainingActions } : {}),
          },
        }
      : {}),
  };
}

function toDescription(raw: ScheduleDescriptionData): ScheduleDescription {
  const action = (workflowId: string, firstExecutionRunId: string) => ({
    type: 'startWorkflow' as const,
    workflow: { workflowId, firstExecutionRunId },
  });
  return {
    scheduleId: raw.scheduleId,
    spec: raw.spec,
    action: raw.action,
    policies: { overlap: raw.policies.overlap, catchupWindow: raw.policies.catchupWindowMs, pauseOnFailure: raw.policies.pauseOnFailure },
    state: raw.state,
    ...(raw.memo ? { memo: raw.memo } : {}),
    info: {
      numActionsTaken: raw.info.numActionsTaken,
      numActionsSkippedOverlap: raw.info.numActionsSkippedOverlap,
      numActionsMissedCatchupWindow: raw.info.numActionsMissedCatchupWindow,
      runningActions: raw.info.runningActions.map((r) => action(r.workflowId, r.firstExecutionRunId)),
      recentActions: raw.info.recentActions.map((r) => ({
        scheduledAt: new Date(r.scheduledAt),
        takenAt: new Date(r.takenAt),
        action: action(r.workflowId, r.firstExecutionRunId),
      })),
      nextActionTimes: raw.info.nextActionTimes.map((t) => new Date(t)),
      createdAt: new Date(raw.info.createdAt),
      ...(raw.info.lastUpdatedAt ? { lastUpdatedAt: new Date(raw.info.lastUpdatedAt) } : {}),
    },
    raw,
  };
}

export class ScheduleHandle {
  constructor(
    private readonly ctx: HandleContext,
    readonly scheduleId: string,
  ) {}

  private call<
    M extends 'schedule.describe' | 'schedule.pause' | 'schedule.unpause' | 'schedule.trigger' | 'schedule.delete' | 'schedule.update',
  >(method: M, extra: Omit<RequestParams<M>, 'namespace' | 'scheduleId'>) {
    const params = { namespace: this.ctx.namespace, scheduleId: this.scheduleId, ...extra } as RequestParams<M>;
    return typed({ namespace: this.ctx.namespace, scheduleId: this.scheduleId }, () => this.ctx.connection.call(method, params));
  }

  async describe(): Promise<ScheduleDescription> {
    return toDescription(await this.call('schedule.describe', {}));
  }

  /** No actions until unpaused; the note says why (describe shows it). */
  async pause(note?: string): Promise<void> {
    await this.call('schedule.pause', note !== undefined ? { note } : {});
  }

  async unpause(note?: string): Promise<void> {
    await this.call('schedule.unpause', note !== undefined ? { note } : {});
  }

  /** Takes the action now; `overlap` (default: the schedule's policy) decides if a run is still going. */
  async trigger(overlap?: ScheduleOverlapPolicy): Promise<void> {
    await this.call('schedule.trigger', overlap ? { overlap } : {});
  }

  async delete(): Promise<void> {
    await this.call('schedule.delete', {});
  }

  /** Replaces spec, action, policies (and state, if given) with what `fn` returns from the current description. */
  async update(fn: (previous: ScheduleDescription) => ScheduleUpdateOptions): Promise<void> {
    const next = fn(await this.describe());
    await this.call('schedule.update', compileBody(this.scheduleId, next));
  }
}

export class ScheduleClient {
  constructor(private readonly ctx: HandleContext) {}

  async create(options: ScheduleOptions): Promise<ScheduleHandle> {
    if (!options || typeof options.scheduleId !== 'string' || !options.scheduleId)
      throw new ValueError('ScheduleOptions.scheduleId is required.');
    const params: RequestParams<'schedule.create'> = {
      namespace: this.ctx.namespace,
      scheduleId: options.scheduleId,
      ...compileBody(options.scheduleId, options),
      ...(options.memo ? { memo: mapValues(options.memo, (v, k) => toPayload(v, `memo ${k}`)) } : {}),
      ...(options.state?.triggerImmediately ? { triggerImmediately: true } : {}),
      requestId: randomUUID(),
    };
    await typed({ namespace: this.ctx.namespace, scheduleId: options.scheduleId }, () =>
      this.ctx.connection.call('schedule.create', params),
    );
    return new ScheduleHandle(this.ctx, options.scheduleId);
  }

  getHandle(scheduleId: string): ScheduleHandle {
    return new ScheduleHandle(this.ctx, scheduleId);
  }

  /** Every schedule of the namespace, by id. */
  async *list(options: { pageSize?: number } = {}): AsyncIterable<ScheduleSummary> {
    let nextPageToken: string | undefined;
    do {
      const page = await typed({ namespace: this.ctx.namespace }, () =>
        this.ctx.connection.call('schedule.list', {
          namespace: this.ctx.namespace,
          ...(options.pageSize ? { pageSize: options.pageSize } : {}),
          ...(nextPageToken ? { nextPageToken } : {}),
        }),
      );
      yield* page.schedules.map(toDescription);
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
  }
}
