// Temporal's protobuf Timestamp (Long seconds and nanos) and its conversions to and from milliseconds, as
// @temporalio/common exports them: where Temporal's API gives one (a local activity's originalScheduleTime
// in the interceptors' input), Rewind's gives the same.
import Long from 'long';
import type { google } from '@temporalio/proto';
import { ValueError } from './errors';
import { msToNumber, type Duration } from './duration';

/** A protobuf Timestamp (Temporal's `Timestamp`). */
export type Timestamp = google.protobuf.ITimestamp;

/** Milliseconds since the epoch of a Timestamp (lossy past 2^53 ms). @throws Error if it is missing. */
export function tsToMs(ts: Timestamp | null | undefined): number {
  if (ts === undefined || ts === null) throw new Error(`Expected timestamp, got ${ts}`);
  const seconds = ts.seconds ?? Long.UZERO;
  return seconds
    .mul(1000)
    .add(Math.floor((ts.nanos ?? 0) / 1_000_000))
    .toNumber();
}

/** As {@link tsToMs}; undefined for a missing Timestamp. */
export function optionalTsToMs(ts: Timestamp | null | undefined): number | undefined {
  return ts === undefined || ts === null ? undefined : tsToMs(ts);
}

/** A Timestamp of milliseconds since the epoch. @throws ValueError if `millis` is not a number. */
export function msNumberToTs(millis: number): Timestamp {
  const seconds = Math.floor(millis / 1000);
  const nanos = (millis % 1000) * 1_000_000;
  if (Number.isNaN(seconds) || Number.isNaN(nanos)) throw new ValueError(`Invalid millis ${millis}`);
  return { seconds: Long.fromNumber(seconds), nanos };
}

/** A Timestamp of a Duration (milliseconds, or a string like '1 day'). */
export function msToTs(duration: Duration): Timestamp {
  return msNumberToTs(msToNumber(duration));
}

/** As {@link msToTs}; undefined for none. */
export function msOptionalToTs(duration: Duration | undefined | null): Timestamp | undefined {
  return duration !== undefined && duration !== null ? msToTs(duration) : undefined;
}

/** The Date of a Timestamp. */
export function tsToDate(ts: Timestamp): Date {
  return new Date(tsToMs(ts));
}

/** As {@link tsToDate}; undefined for a missing Timestamp. */
export function optionalTsToDate(ts: Timestamp | null | undefined): Date | undefined {
  return ts === undefined || ts === null ? undefined : new Date(tsToMs(ts));
}
