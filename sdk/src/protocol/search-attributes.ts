// Search attributes: the indexed values a run carries (set at start, upserted by its workflow), listed by name.
import type { JsonValue } from './payload';

/**
 * A run's search attributes: each name with its list of values (JSON), as set at start and by
 * `upsertSearchAttributes`. Free-form: no registration; list queries compare the values as JSON.
 */
export type SearchAttributes = Record<string, JsonValue[]>;
