// Search attributes between Temporal's messages (each a json/plain Payload, typed in its metadata) and
// Rewind's (each a list of JSON values): a list stays a list, one value becomes a list of one.
import type { JsonValue, SearchAttributes } from '@rewind/sdk/protocol';
import { encodedPayloadOf } from '@rewind/sdk/protocol';
import { payloadIn } from './payloads';
import type { temporal } from './proto';

type ProtoSearchAttributes = temporal.api.common.v1.ISearchAttributes;

/** Temporal's search attributes as Rewind's; undefined when there are none. */
export function searchAttributesIn(s: ProtoSearchAttributes | null | undefined): SearchAttributes | undefined {
  const fields = s?.indexedFields ?? {};
  const names = Object.keys(fields);
  if (names.length === 0) return undefined;
  const out: SearchAttributes = {};
  for (const name of names) {
    // The value's JSON: search attribute payloads carry their type beside json/plain, so they come in encoded.
    const value = jsonOf(payloadIn(fields[name]));
    out[name] = Array.isArray(value) ? value : value === null ? [] : [value];
  }
  return out;
}

/** The JSON value a search attribute's payload holds (json/plain whatever else its metadata says). */
function jsonOf(value: JsonValue): JsonValue {
  const encoded = encodedPayloadOf(value);
  if (!encoded) return value;
  try {
    return JSON.parse(Buffer.from(encoded.data, 'base64').toString('utf8')) as JsonValue;
  } catch {
    return null;
  }
}

/** Rewind's search attributes as Temporal's: each list as a json/plain payload. */
export function searchAttributesOut(s: SearchAttributes | undefined): ProtoSearchAttributes | undefined {
  if (!s || Object.keys(s).length === 0) return undefined;
  return {
    indexedFields: Object.fromEntries(
      Object.entries(s).map(([name, values]) => [
        name,
        { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(values)) },
      ]),
    ),
  };
}
