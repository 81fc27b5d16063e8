// Temporal's API as published on npm (@temporalio/proto: its .proto files as protobufjs classes, and
// their TypeScript types), and the small conversions every method needs: int64, durations, timestamps.
// Loaded with the gRPC frontend, on the first HTTP/2 connection: Rewind's own clients never load it.
import { google, temporal } from '@temporalio/proto';
import Long from 'long';

export { google, temporal };

/** An int64 as protobufjs gives it (a Long when the `long` package is there), or a number. */
export interface LongLike {
  toNumber(): number;
}

/** A number from an int64 field (0 when unset). */
export function num(value: number | LongLike | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** Milliseconds from a google.protobuf.Duration, or undefined when unset or zero (Temporal: zero means none). */
export function durationMs(d: google.protobuf.IDuration | null | undefined): number | undefined {
  if (!d) return undefined;
  const ms = num(d.seconds) * 1000 + Math.round((d.nanos ?? 0) / 1e6);
  return ms > 0 ? ms : undefined;
}

/** An int64 field's value from a number. */
export function long(value: number): Long {
  return Long.fromNumber(value);
}

/** A google.protobuf.Duration from milliseconds. */
export function duration(ms: number): google.protobuf.IDuration {
  return { seconds: long(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
}

/** A google.protobuf.Timestamp from an ISO time or epoch milliseconds. */
export function timestamp(time: string | number): google.protobuf.ITimestamp {
  const ms = typeof time === 'number' ? time : Date.parse(time);
  return { seconds: long(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
}

/** Epoch milliseconds from a google.protobuf.Timestamp, or undefined when unset. */
export function timestampMs(t: google.protobuf.ITimestamp | null | undefined): number | undefined {
  if (!t) return undefined;
  return num(t.seconds) * 1000 + Math.round((t.nanos ?? 0) / 1e6);
}
