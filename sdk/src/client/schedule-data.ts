// Schedules between the client's shapes and the server's: options compiled to a request, backfills checked,
// a description and a list entry read back.
import { searchAttributesFromWire, searchAttributesToWire } from '../common/search-attributes';
import { TypedSearchAttributes } from '../common/typed-search-attributes';
import { definedFields } from '../common/defined-fields';
import { msOptionalToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { Workflow } from '../common/interfaces';
import { toPayload, toPayloads } from '../common/payloads';
import type { RequestParams, ScheduleBackfillData, ScheduleDescriptionData } from '../protocol';
import { compileScheduleSpec, describeScheduleSpec } from './schedule-spec';
import { decodePayload, decodePayloadRecord } from '../common/payload-decoding';
import type {
  Backfill,
  ScheduleDescription,
  ScheduleExecutionActionResult,
  ScheduleExecutionResult,
  ScheduleSummary,
  ScheduleUpdateOptions,
} from './schedule-types';

function workflowTypeOf(t: string | Workflow): string {
  const name = typeof t === 'string' ? t : t.name;
  if (!name) throw new ValueError('Cannot tell the workflow type: pass a named workflow function or its name as a string.');
  return name;
}

export function mapValues<T, U>(record: Record<string, T>, fn: (value: T, key: string) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v, k)]));
}

export function compileBody(
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
export function compileBackfills(backfills: readonly Backfill[]): ScheduleBackfillData[] {
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

export function toDescription(raw: ScheduleDescriptionData): ScheduleDescription {
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

export function toSummary(raw: ScheduleDescriptionData): ScheduleSummary {
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
