// A Temporal history as protobuf objects (Temporal's `History`: what its client's fetchHistory() gives,
// historyFromJSON() makes, or History.decode() reads; Long ids, numeric enums, bytes, Timestamp objects),
// turned into the proto3-style JSON Rewind reads, with Temporal's own message classes (@temporalio/proto,
// loaded only when such a history comes).
import type * as proto from '@temporalio/proto';

/** Whether `value` holds its events as protobuf objects: a numeric eventType or a Long eventId (JSON has strings). */
export function isProtoHistory(value: unknown): boolean {
  const events = (value as { events?: unknown } | null)?.events;
  const first = Array.isArray(events) ? (events[0] as { eventType?: unknown; eventId?: unknown } | undefined) : undefined;
  if (!first || typeof first !== 'object') return false;
  return typeof first.eventType === 'number' || (typeof first.eventId === 'object' && first.eventId !== null);
}

/**
 * The history's JSON form: int64 as strings, enums by name, bytes in base64 (as proto3 JSON); Timestamps
 * and Durations stay `{ seconds, nanos }` objects, which Rewind's reader also takes.
 */
export function protoHistoryToJson(value: unknown): unknown {
  const { History } = (require('@temporalio/proto') as typeof proto).temporal.api.history.v1;
  const message = History.fromObject(value as Record<string, unknown>);
  return History.toObject(message, { longs: String, enums: String, bytes: String });
}
