// Rewind's search attributes as Temporal's, each a json/plain payload with the `type` metadata that the SDK's typedSearchAttributes need, guessed from the values' JSON (Rewind keeps no types).
import type { JsonValue, SearchAttributes } from '@rewind/sdk/protocol';
import type { temporal } from './proto';

type ProtoPayload = temporal.api.common.v1.IPayload;

/** Temporal's names for the types (IndexedValueType, as the SDK writes them in a payload's metadata). */
type SearchAttributeType = 'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The type one value's JSON suggests. Rewind cannot tell Text from Keyword (Keyword is said), a Double
 * that holds a whole number from an Int, or a Keyword that looks like a time from a Datetime.
 */
function typeOf(value: JsonValue): SearchAttributeType | undefined {
  if (typeof value === 'boolean') return 'Bool';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'Int' : 'Double';
  if (typeof value === 'string') return RFC3339.test(value) ? 'Datetime' : 'Keyword';
  return undefined;
}

function jsonPayload(value: JsonValue, type: SearchAttributeType | undefined): ProtoPayload {
  const metadata: Record<string, Uint8Array> = { encoding: Buffer.from('json/plain') };
  if (type) metadata.type = Buffer.from(type);
  return { metadata, data: Buffer.from(JSON.stringify(value), 'utf8') };
}

/**
 * One attribute's values: one scalar as itself with its type, several strings as a KeywordList, none as
 * `[]` (removed; no type, as the SDK writes a removal), anything else as the list without a type (the
 * SDK's untyped searchAttributes read it; its typedSearchAttributes skip it).
 */
export function searchAttributePayloadOut(values: readonly JsonValue[]): ProtoPayload {
  if (values.length === 1 && !Array.isArray(values[0])) {
    const type = typeOf(values[0]!);
    if (type) return jsonPayload(values[0]!, type);
  }
  const keywords = values.length > 1 && values.every((v) => typeof v === 'string');
  return jsonPayload([...values], keywords ? 'KeywordList' : undefined);
}

/** Rewind's search attributes as Temporal's SearchAttributes message; an empty set is kept, none stays none. */
export function typedSearchAttributesOut(s: SearchAttributes | undefined): temporal.api.common.v1.ISearchAttributes | undefined {
  if (!s) return undefined;
  return { indexedFields: Object.fromEntries(Object.entries(s).map(([name, values]) => [name, searchAttributePayloadOut(values)])) };
}
