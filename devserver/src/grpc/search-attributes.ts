// Search attributes between Temporal's messages (each a json/plain Payload, typed in its metadata) and
// Rewind's (each a list of JSON values): a list stays a list, one value becomes a list of one. The types
// that came in the metadata travel apart (searchAttributeTypesIn), as Rewind's searchAttributeTypes.
import type { JsonValue, SearchAttributes, SearchAttributeTypeName, SearchAttributeTypes } from '@rewind/sdk/protocol';
import { encodedPayloadOf, SEARCH_ATTRIBUTE_TYPE_NAMES } from '@rewind/sdk/protocol';
import { payloadIn } from './payloads';
import type { temporal } from './proto';

type ProtoSearchAttributes = temporal.api.common.v1.ISearchAttributes;

/** A type as Temporal's SDK writes it in a payload's metadata: its name, or rarely its enum name (INDEXED_VALUE_TYPE_KEYWORD_LIST). */
function typeNamed(text: string): SearchAttributeTypeName | undefined {
  const squashed = text
    .replace(/^INDEXED_VALUE_TYPE_/, '')
    .replace(/_/g, '')
    .toLowerCase();
  return SEARCH_ATTRIBUTE_TYPE_NAMES.find((t) => t.toLowerCase() === squashed);
}

/**
 * The types Temporal's typed search attributes carry in their payloads' `type` metadata (untyped ones are
 * left out); undefined when none has one.
 */
export function searchAttributeTypesIn(s: ProtoSearchAttributes | null | undefined): SearchAttributeTypes | undefined {
  const out: SearchAttributeTypes = {};
  for (const [name, payload] of Object.entries(s?.indexedFields ?? {})) {
    const bytes = payload?.metadata?.type;
    const type = bytes ? typeNamed(Buffer.from(bytes).toString('utf8')) : undefined;
    if (type) out[name] = type;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

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
