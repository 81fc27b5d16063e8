// Memo: the values a run carries unindexed (set at start, upserted by its workflow), and Temporal's rule for an upsert.
import { encodedPayloadOf, type Payload } from './payload';

/** A run's memo: each key with its value (JSON, or an encoded payload kept byte for byte). */
export type Memo = Record<string, Payload>;

/** The data, base64, that Temporal's server reads as "no value": none, `null`, `[]`. */
const NIL_DATA = new Set(['', 'bnVsbA==', 'W10=']);

/**
 * Whether an upserted memo value removes its key rather than setting it (Temporal's `isNilPayload`):
 * no value, `null`, `[]`, or an encoded payload whose data is empty (binary/null), `null` or `[]`.
 */
export function removesMemoKey(value: Payload): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  const encoded = encodedPayloadOf(value);
  return encoded !== undefined && NIL_DATA.has(encoded.data);
}

/** `upserted` merged over `current` (Temporal's MergeMapOfPayload): a removing value deletes its key. Undefined when empty. */
export function mergeMemo(current: Memo | undefined, upserted: Memo): Memo | undefined {
  const merged: Memo = { ...current };
  for (const [key, value] of Object.entries(upserted)) {
    if (removesMemoKey(value)) delete merged[key];
    else merged[key] = value;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}
