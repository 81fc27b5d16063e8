// Search attributes: the indexed values a run carries (set at start, upserted by its workflow), listed by name.
import type { JsonValue } from './payload';

/**
 * A run's search attributes: each name with its list of values (JSON), as set at start and by
 * `upsertSearchAttributes`. Their types are registered per namespace (search-attribute-types.ts): an
 * attribute not registered yet is registered on first use, with the type its values suggest.
 */
export type SearchAttributes = Record<string, JsonValue[]>;
