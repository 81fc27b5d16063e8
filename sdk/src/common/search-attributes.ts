// Search attributes as user code writes and reads them (Temporal's SearchAttributes, and typed pairs), and
// as they travel: each name with a list of JSON values, a Date as its ISO string, an empty list a removal.
import type { JsonValue, SearchAttributeTypes, SearchAttributes as WireSearchAttributes } from '../protocol';
import { ValueError } from './errors';
import { toPayloads } from './payloads';
import {
  isValidValueForType,
  SEARCH_ATTRIBUTE_TYPE_NAMES,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
} from './typed-search-attributes';

/** The values of one search attribute (Temporal's `SearchAttributeValue`). */
export type SearchAttributeValue = string[] | number[] | boolean[] | Date[];

/** One search attribute's values as code may pass them: also readonly, or undefined (to remove it in an upsert). */
export type SearchAttributeValueOrReadonly = SearchAttributeValue | Readonly<SearchAttributeValue> | undefined;

/**
 * A run's search attributes, each name with its list of values (Temporal's `SearchAttributes`):
 * `{ Customer: ['ada'], Amount: [12] }`. A `Date` travels as its ISO string and is read back so; a name set
 * to `undefined` (or `[]`) is removed by `upsertSearchAttributes` and left out at start. No registration
 * needed in Rewind: an attribute not registered yet gets the type its first values suggest (a string a
 * Keyword, several a KeywordList, …); typed pairs give theirs.
 */
export type SearchAttributes = Record<string, SearchAttributeValueOrReadonly>;

/** Typed search attributes as options take them: pairs, or a `TypedSearchAttributes` (Rewind's or Temporal's). */
export type TypedSearchAttributesInput = readonly SearchAttributePair[] | { getAll(): SearchAttributePair[] };

/** The wire's values of one typed pair: a Date as its ISO string, a list as itself, `null` as `[]` (remove). */
function typedValueToWire(pair: SearchAttributeUpdatePair): JsonValue[] {
  const { name, type } = pair.key;
  if (pair.value === null) return [];
  if (!isValidValueForType(type, pair.value))
    throw new ValueError(
      `Search attribute ${name} is of type ${type}, and ${JSON.stringify(pair.value)} is not a value of it: ` +
        'pass a string for TEXT and KEYWORD, a whole number for INT, a number for DOUBLE, a boolean for BOOL, a Date for DATETIME, strings for KEYWORD_LIST.',
    );
  if (pair.value instanceof Date) return [pair.value.toISOString()];
  return Array.isArray(pair.value) ? [...(pair.value as string[])] : [pair.value as JsonValue];
}

/**
 * Untyped and typed search attributes as the wire's (typed ones win a name both have, as Temporal's).
 * For an upsert (`removals`), an undefined or empty list and a `null` typed value travel as `[]`, which
 * removes the attribute; otherwise they are left out. Undefined when nothing remains.
 *
 * @throws ValueError if a value cannot travel (not JSON) or is not of its key's type.
 */
export function searchAttributesToWire(
  untyped: SearchAttributes | undefined,
  typed: TypedSearchAttributesInput | readonly SearchAttributeUpdatePair[] | undefined,
  removals = false,
): WireSearchAttributes | undefined {
  const wire: WireSearchAttributes = {};
  for (const [name, values] of Object.entries(untyped ?? {})) {
    if (values !== undefined && !Array.isArray(values))
      throw new ValueError(`Search attribute ${name} takes a list of values, e.g. { ${name}: ['value'] } (or undefined to remove it)`);
    wire[name] = values === undefined ? [] : toPayloads(values, `search attribute ${name}`);
  }
  const pairs: readonly SearchAttributeUpdatePair[] = typed === undefined ? [] : 'getAll' in typed ? typed.getAll() : typed;
  for (const pair of pairs) wire[pair.key.name] = typedValueToWire(pair);
  if (!removals) for (const [name, values] of Object.entries(wire)) if (values.length === 0) delete wire[name];
  return Object.keys(wire).length > 0 ? wire : undefined;
}

/**
 * The wire's search attributes as Temporal's type has them: each a list of the JSON values the server
 * keeps (strings, numbers or booleans as Rewind's and Temporal's SDKs send them; a Date is its ISO string).
 */
export function searchAttributesFromWire(wire: WireSearchAttributes | undefined): SearchAttributes {
  return { ...wire } as SearchAttributes;
}

/**
 * The types of typed search attributes as the wire's `searchAttributeTypes` (the server registers each for
 * an attribute that has no type yet); undefined when there are none.
 */
export function searchAttributeTypesToWire(
  typed: TypedSearchAttributesInput | readonly SearchAttributeUpdatePair[] | undefined,
): SearchAttributeTypes | undefined {
  const pairs: readonly SearchAttributeUpdatePair[] = typed === undefined ? [] : 'getAll' in typed ? typed.getAll() : typed;
  if (pairs.length === 0) return undefined;
  return Object.fromEntries(pairs.map((p) => [p.key.name, SEARCH_ATTRIBUTE_TYPE_NAMES[p.key.type]]));
}
