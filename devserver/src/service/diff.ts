// The difference between two derived sets of rows, by key: what to write and what to delete.

export interface RowDiff<T> {
  upserts: T[];
  deletes: T[];
}

export function diffRows<T>(before: readonly T[], after: readonly T[], key: (row: T) => string): RowDiff<T> {
  if (before.length === 0 && after.length === 0) return { upserts: [], deletes: [] };
  const old = new Map(before.map((row) => [key(row), row]));
  const upserts: T[] = [];
  for (const row of after) {
    const k = key(row);
    const prev = old.get(k);
    old.delete(k);
    if (!prev || !shallowEqual(prev, row)) upserts.push(row);
  }
  return { upserts, deletes: [...old.values()] };
}

function shallowEqual<T>(a: T, b: T): boolean {
  for (const k of Object.keys(a as object) as (keyof T)[]) if (a[k] !== b[k]) return false;
  return Object.keys(a as object).length === Object.keys(b as object).length;
}
