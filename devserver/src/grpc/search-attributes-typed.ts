// Rewind's search attributes as Temporal's, each a json/plain payload with the `type` metadata that the
// SDK's typedSearchAttributes need: the type registered in the run's namespace (so Text stays Text, and a
// KeywordList of one item a list); without a lookup, the type the values' JSON suggests.
import type { JsonValue, SearchAttributes, SearchAttributeTypeName } from '@rewind/sdk/protocol';
import { fitsSearchAttributeType, inferSearchAttributeType } from '../engine/search-attribute-values';
import type { temporal } from './proto';

type ProtoPayload = temporal.api.common.v1.IPayload;

/** The registered type of an attribute of the run's namespace, if it has one. */
export type SearchAttributeTypeLookup = (name: string) => SearchAttributeTypeName | undefined;

function jsonPayload(value: JsonValue, type: SearchAttributeTypeName | undefined): ProtoPayload {
  const metadata: Record<string, Uint8Array> = { encoding: Buffer.from('json/plain') };
  if (type) metadata.type = Buffer.from(type);
  return { metadata, data: Buffer.from(JSON.stringify(value), 'utf8') };
}

/**
 * One attribute's values with their type (`type`, else what the values suggest): a KeywordList as a list,
 * any other type as its one value; none as `[]` (removed; no type, as the SDK writes a removal); values that
 * are not of the type as the list without a type (the SDK's untyped searchAttributes read it; its
 * typedSearchAttributes skip it).
 */
export function searchAttributePayloadOut(values: readonly JsonValue[], type?: SearchAttributeTypeName): ProtoPayload {
  const typed = values.length === 0 ? undefined : (type ?? inferSearchAttributeType(values));
  if (!typed || !fitsSearchAttributeType(typed, values)) return jsonPayload([...values], undefined);
  return typed === 'KeywordList' ? jsonPayload([...values], typed) : jsonPayload(values[0]!, typed);
}

/**
 * Rewind's search attributes as Temporal's SearchAttributes message, typed by `typeOf` (the namespace's
 * registered types); an empty set is kept, none stays none.
 */
export function typedSearchAttributesOut(
  s: SearchAttributes | undefined,
  typeOf?: SearchAttributeTypeLookup,
): temporal.api.common.v1.ISearchAttributes | undefined {
  if (!s) return undefined;
  return {
    indexedFields: Object.fromEntries(Object.entries(s).map(([name, values]) => [name, searchAttributePayloadOut(values, typeOf?.(name))])),
  };
}
