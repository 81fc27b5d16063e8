// A marker's details as Temporal's (map<string, Payloads>): a Temporal worker's marker exactly as it wrote it; one Rewind's worker wrote, in the shapes Temporal's core writes (the inverse of Rewind's Temporal history reader).
import type { EventOf, JsonValue, Payload } from '@rewind/sdk/protocol';
import { LOCAL_ACTIVITY_MARKER, localActivityOfMarker, patchOfMarker } from '@rewind/sdk/protocol';
import { payloadOut } from './payloads';
import type { temporal } from './proto';

type ProtoPayloads = temporal.api.common.v1.IPayloads;
type Marker = Pick<EventOf<'MarkerRecorded'>, 'markerName' | 'details' | 'temporalDetails'>;

const one = (value: Payload): ProtoPayloads => ({ payloads: [payloadOut(value)] });

/** A Duration as core's LocalActivityMarkerData writes it (serde, not proto3 JSON): `{ seconds, nanos }`. */
const serdeDuration = (ms: number): JsonValue => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 });

export function markerDetailsOut(m: Marker): Record<string, ProtoPayloads> {
  if (m.temporalDetails) {
    return Object.fromEntries(Object.entries(m.temporalDetails).map(([k, list]) => [k, { payloads: list.map(payloadOut) }]));
  }
  const patch = patchOfMarker(m.markerName, m.details);
  // Core's patch marker: `patch-data` = {"id","deprecated"} in json/plain.
  if (patch) return { 'patch-data': one({ id: patch.patchId, deprecated: patch.deprecated }) };
  const la = m.markerName === LOCAL_ACTIVITY_MARKER ? localActivityOfMarker(m.markerName, m.details) : undefined;
  if (la) {
    // Core's local activity marker: `data` = LocalActivityMarkerData as core's serde writes it (snake_case; its
    // times and backoff present, null when none: core cannot read the marker without them), `result` = the
    // result if it completed. Rewind keeps no completion or first schedule time: null.
    const data: JsonValue = {
      seq: la.seq,
      attempt: la.attempt,
      activity_id: la.activityId,
      activity_type: la.activityType,
      complete_time: null,
      backoff: la.backoffMs !== undefined ? serdeDuration(la.backoffMs) : null,
      original_schedule_time: null,
    };
    return { data: one(data), ...('result' in m.details ? { result: one(m.details.result) } : {}) };
  }
  // Any other marker: each detail as one payload (Rewind's reader gives a one-payload detail back as its value).
  return Object.fromEntries(Object.entries(m.details).map(([k, v]) => [k, one(v)]));
}
