// Search attributes: the indexed values a run carries (set at start, upserted by its workflow), listed by name.
import type { JsonValue } from './payload';

export type SearchAttributes = Record<string, JsonValue[]>;
