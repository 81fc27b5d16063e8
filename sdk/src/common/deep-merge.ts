// Options overridden for one call (executeWithOptions): a deep merge of plain objects. Pure: sandbox and outside.

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/**
 * `base` with `override`'s fields: a field of `override` replaces `base`'s, except that two plain objects (such
 * as `retry`) are merged the same way; an array or a Date is replaced whole. Neither argument is changed.
 */
export function deepMerge<T extends object>(base: T, override: Partial<T> | undefined): T {
  if (!isPlainObject(override)) return { ...base };
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    const before = out[key];
    out[key] = isPlainObject(value) && isPlainObject(before) ? deepMerge(before, value) : value;
  }
  return out as T;
}
