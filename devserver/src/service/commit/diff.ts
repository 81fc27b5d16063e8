// The difference between two derived sets of rows, by key: what to write and what to delete.

export interface RowDiff<T> {
  upserts: T[];
  deletes: T[];
}

export function diffRows<T>(before: readonly T[], after: readonly T[], key: (row: T) => string): RowDiff<T> {
  if (before.length === 0 && after.length === 0) return { upserts: [], deletes: [] };
  // A run has a handful of rows: compare keys pairwise rather than build maps.
  const beforeKeys = before.map(key);
  const matched = new Array<boolean>(before.length).fill(false);
  const upserts: T[] = [];
  for (const row of after) {
    const i = beforeKeys.indexOf(key(row));
    if (i >= 0) matched[i] = true;
    if (i < 0 || !shallowEqual(before[i]!, row)) upserts.push(row);
  }
  return { upserts, deletes: before.filter((_, i) => !matched[i]) };
}

function shallowEqual<T>(a: T, b: T): boolean {
  for (const k of Object.keys(a as object) as (keyof T)[]) if (a[k] !== b[k]) return false;
  return Object.keys(a as object).length === Object.keys(b as object).length;
}
