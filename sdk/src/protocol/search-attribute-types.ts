// Search attribute types on the wire: each namespace's registered attributes with their types (Temporal's
// IndexedValueType, by its names), the system attributes every namespace has, and the requests that add,
// list and remove custom ones (`rewind search-attribute …`, Temporal's OperatorService).
import { array, literal, name, object, str } from './schema';

/** Temporal's names for the types of search attributes (IndexedValueType), as its CLI and SDK write them. */
export const SEARCH_ATTRIBUTE_TYPE_NAMES = ['Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'] as const;

/**
 * The type of a search attribute's values: Text (full text) and Keyword (an exact string), Int, Double,
 * Bool, Datetime (an RFC 3339 time) and KeywordList (a list of Keywords, even of one).
 */
export type SearchAttributeTypeName = (typeof SEARCH_ATTRIBUTE_TYPE_NAMES)[number];

/** The types of typed search attributes, by name (beside their values, which travel untyped). */
export type SearchAttributeTypes = Record<string, SearchAttributeTypeName>;

/** A search attribute of a namespace and its type. */
export interface SearchAttributeDefinition {
  name: string;
  type: SearchAttributeTypeName;
}

/** Custom attribute names: Temporal's limit on a name's length. */
const attributeName = () => str({ min: 1, max: 255 });

export const searchAttributeRequestSchemas = {
  /** Registers custom search attributes of a namespace (one already registered with the same type is left as it is). */
  'searchAttribute.add': object({
    namespace: name(),
    attributes: array(object({ name: attributeName(), type: literal(...SEARCH_ATTRIBUTE_TYPE_NAMES) }), { max: 100 }),
  }),
  /** The namespace's system attributes and its custom ones, with their types. */
  'searchAttribute.list': object({ namespace: name() }),
  /** Removes custom search attributes of a namespace (runs keep their values; lists no longer know the type). */
  'searchAttribute.remove': object({ namespace: name(), names: array(attributeName(), { max: 100 }) }),
};

export interface SearchAttributeResults {
  'searchAttribute.add': Record<string, never>;
  /** Each sorted by name. */
  'searchAttribute.list': { system: SearchAttributeDefinition[]; custom: SearchAttributeDefinition[] };
  'searchAttribute.remove': Record<string, never>;
}
