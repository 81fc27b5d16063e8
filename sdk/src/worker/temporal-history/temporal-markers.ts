// Temporal's marker details (map<string, Payloads>) as Rewind's: the patch marker and the local
// activity marker that Temporal's core writes, in the shapes Rewind's replayer reads; any other
// marker keeps its details, each key's payloads decoded.
import { ValueError } from '../../common/errors';
import { LOCAL_ACTIVITY_MARKER, PATCH_MARKER, type Payload } from '../../protocol';
import { decodePayload, decodePayloadValue, Fields, payloadBytes, payloadEncoding } from './temporal-json';

/** The first payload of one detail, undecoded (with the path for errors). */
function firstPayload(details: Fields, key: string): { raw: unknown; path: string } | undefined {
  const list = details.child(key).raw('payloads');
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return { raw: list[0], path: `${details.path}.${key}.payloads[0]` };
}

/**
 * core_patch: newer cores write `patch-data` = json {id, deprecated}; older ones wrote `patch_id` as
 * the id's bytes and `deprecated` as one byte (0 or 1), with no encoding.
 */
function patchDetails(details: Fields): Record<string, Payload> {
  const data = firstPayload(details, 'patch-data');
  if (data) {
    const d = Fields.of(decodePayload(data.raw, data.path), data.path);
    return { patchId: d.name('id'), deprecated: d.bool('deprecated') };
  }
  const id = firstPayload(details, 'patch_id');
  if (!id) throw new ValueError(`Temporal history: ${details.path} is a core_patch marker with neither patch-data nor patch_id.`);
  const deprecated = firstPayload(details, 'deprecated');
  const readId =
    payloadEncoding(id.raw, id.path) === 'json/plain' ? decodePayload(id.raw, id.path) : payloadBytes(id.raw, id.path).toString('utf8');
  let isDeprecated = false;
  if (deprecated) {
    isDeprecated =
      payloadEncoding(deprecated.raw, deprecated.path) === 'json/plain'
        ? decodePayload(deprecated.raw, deprecated.path) === true
        : payloadBytes(deprecated.raw, deprecated.path)[0] === 1;
  }
  if (typeof readId !== 'string' || !readId) throw new ValueError(`Temporal history: ${id.path} should hold the patch id.`);
  return { patchId: readId, deprecated: isDeprecated };
}

/** core_local_activity: `data` = json LocalActivityMarkerData (snake_case fields), `result` = the result. */
function localActivityDetails(details: Fields): Record<string, Payload> {
  const data = firstPayload(details, 'data');
  if (!data) throw new ValueError(`Temporal history: ${details.path} is a core_local_activity marker without its data.`);
  const d = Fields.of(decodePayload(data.raw, data.path), data.path);
  const pick = (snake: string, camel: string) => (d.has(snake) ? snake : camel);
  const result = firstPayload(details, 'result');
  const backoffMs = d.durationMs('backoff');
  return {
    seq: d.int('seq'),
    activityId: d.str(pick('activity_id', 'activityId')),
    activityType: d.name(pick('activity_type', 'activityType')),
    attempt: d.int('attempt') || 1,
    ...(result ? { result: decodePayloadValue(result.raw, result.path) } : {}),
    ...(backoffMs !== undefined ? { backoffMs } : {}),
  };
}

export function markerDetails(markerName: string, a: Fields): Record<string, Payload> {
  const details = a.child('details');
  if (markerName === PATCH_MARKER) return patchDetails(details);
  if (markerName === LOCAL_ACTIVITY_MARKER) return localActivityDetails(details);
  const out: Record<string, Payload> = {};
  for (const key of details.keys()) {
    const values = details.payloads(key);
    out[key] = values.length === 1 ? values[0] : values.map((v) => v ?? null);
  }
  return out;
}
