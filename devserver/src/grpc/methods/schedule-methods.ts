// A Temporal client's schedules (`client.schedule.*`): create, describe, update, patch (trigger, backfill,
// pause, unpause), list, delete and the spec's matching times, each translated onto the schedule service
// that Rewind's own `schedule.*` requests call, so a schedule made by either SDK is one schedule.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { RequestParams } from '@rewind/sdk/protocol';
import { requestSchemas } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RewindService } from '../../service/rewind-service';
import { RequestError } from '../grpc-errors';
import { payloadMapIn } from '../payloads';
import { temporal, timestamp, timestampMs } from '../proto';
import { backfillsIn, overlapIn, scheduleIn } from '../schedules-in';
import { conflictTokenOut, describedScheduleOut, scheduleListEntryOut } from '../schedules-out';
import { searchAttributesIn } from '../search-attributes';
import { method, type GrpcMethod } from './method';

const ws = temporal.api.workflowservice.v1;

/** Rewind's largest page of schedules. */
const MAX_PAGE = 1000;

const invalid = (message: string): RequestError => new RequestError(grpc.status.INVALID_ARGUMENT, message);

export function scheduleMethods(service: RewindService): Record<string, GrpcMethod> {
  const { schedules } = service;
  const targetOf = (req: { namespace?: string | null; scheduleId?: string | null }): RequestParams<'schedule.describe'> =>
    requestSchemas['schedule.describe'].parse({ namespace: req.namespace ?? '', scheduleId: req.scheduleId ?? '' }, '');

  return {
    CreateSchedule: method(ws.CreateScheduleRequest, ws.CreateScheduleResponse, async (req) => {
      const target = targetOf(req); // The schedule id first: what is wrong with a schedule is told of a schedule named.
      const body = scheduleIn(req.schedule);
      const patch = req.initialPatch;
      const backfill = backfillsIn(patch?.backfillRequest ?? [], 'initialPatch.backfillRequest');
      // An initial pause or unpause sets the state the schedule starts in (Temporal applies the patch after creating it).
      const state = {
        ...body.state,
        ...(patch?.pause ? { paused: true, note: patch.pause } : {}),
        ...(patch?.unpause ? { paused: false, note: patch.unpause } : {}),
      };
      const params = requestSchemas['schedule.create'].parse(
        {
          namespace: req.namespace ?? '',
          scheduleId: req.scheduleId ?? '',
          ...body,
          state,
          requestId: req.requestId || randomUUID(),
          ...definedFields({
            memo: payloadMapIn(req.memo?.fields),
            searchAttributes: searchAttributesIn(req.searchAttributes),
            triggerImmediately: patch?.triggerImmediately ? true : undefined,
            backfill: backfill.length > 0 ? backfill : undefined,
          }),
        },
        '',
      );
      await schedules.create(params);
      return { conflictToken: conflictTokenOut(schedules.describe(target).conflictToken) };
    }),

    DescribeSchedule: method(ws.DescribeScheduleRequest, ws.DescribeScheduleResponse, (req) =>
      describedScheduleOut(schedules.describe(targetOf(req))),
    ),

    UpdateSchedule: method(ws.UpdateScheduleRequest, ws.UpdateScheduleResponse, async (req) => {
      const token = Buffer.from(req.conflictToken ?? new Uint8Array()).toString('utf8');
      const params = requestSchemas['schedule.update'].parse(
        {
          ...targetOf(req),
          ...scheduleIn(req.schedule),
          // Left out, the schedule's search attributes stay; given (even empty), they replace the old ones.
          ...(req.searchAttributes ? { searchAttributes: searchAttributesIn(req.searchAttributes) ?? {} } : {}),
          ...(token ? { conflictToken: token } : {}),
        },
        '',
      );
      await schedules.update(params);
      return {};
    }),

    PatchSchedule: method(ws.PatchScheduleRequest, ws.PatchScheduleResponse, async (req) => {
      // Temporal's frontend: "Patch is not set on request."
      if (!req.patch) throw invalid('patch: not set on request; send what to do: triggerImmediately, backfillRequest, pause or unpause.');
      const target = targetOf(req);
      const patch = req.patch;
      // Everything is checked before anything is done; then, as Temporal's scheduler: trigger, backfill, pause, unpause.
      const backfills = backfillsIn(patch.backfillRequest ?? [], 'patch.backfillRequest');
      const overlap = overlapIn(patch.triggerImmediately?.overlapPolicy);
      schedules.describe(target); // NOT_FOUND for an unknown schedule, even with an empty patch.
      if (patch.triggerImmediately) {
        const scheduledAtMs = timestampMs(patch.triggerImmediately.scheduledTime);
        await schedules.trigger(
          requestSchemas['schedule.trigger'].parse({ ...target, ...definedFields({ overlap, scheduledAtMs }) }, 'patch.triggerImmediately'),
        );
      }
      if (backfills.length > 0) await schedules.backfill({ ...target, backfills });
      if (patch.pause) await schedules.pause({ ...target, note: patch.pause });
      if (patch.unpause) await schedules.unpause({ ...target, note: patch.unpause });
      return {};
    }),

    DeleteSchedule: method(ws.DeleteScheduleRequest, ws.DeleteScheduleResponse, async (req) => {
      await schedules.delete(targetOf(req));
      return {};
    }),

    ListSchedules: method(ws.ListSchedulesRequest, ws.ListSchedulesResponse, (req) => {
      if (req.query) {
        throw invalid(
          `query: filtering schedules (${JSON.stringify(req.query)}) is not supported by Rewind yet; list them all and filter in your code.`,
        );
      }
      const token = Buffer.from(req.nextPageToken ?? new Uint8Array()).toString('utf8');
      const params = requestSchemas['schedule.list'].parse(
        {
          namespace: req.namespace ?? '',
          pageSize: Math.min(req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : MAX_PAGE, MAX_PAGE),
          ...(token ? { nextPageToken: token } : {}),
        },
        '',
      );
      const page = schedules.list(params);
      return {
        schedules: page.schedules.map(scheduleListEntryOut),
        nextPageToken: page.nextPageToken ? Buffer.from(page.nextPageToken, 'utf8') : new Uint8Array(),
      };
    }),

    ListScheduleMatchingTimes: method(ws.ListScheduleMatchingTimesRequest, ws.ListScheduleMatchingTimesResponse, (req) => {
      const startMs = timestampMs(req.startTime);
      const endMs = timestampMs(req.endTime);
      if (startMs === undefined) throw invalid('startTime: not set; the times listed are those after startTime up to endTime.');
      if (endMs === undefined) throw invalid('endTime: not set; the times listed are those after startTime up to endTime.');
      if (endMs <= startMs) return { startTime: [] };
      // As Temporal's: the times after startTime, up to endTime included.
      const { times } = schedules.matchingTimes(
        requestSchemas['schedule.matchingTimes'].parse({ ...targetOf(req), startMs: startMs + 1, endMs }, ''),
      );
      return { startTime: times.map((t) => timestamp(t)) };
    }),
  };
}
