// Object literals that leave a key out when its value is undefined (histories and run state are stored as
// JSON and compared deeply, where `{ a: undefined }` is not `{}`); no imports, so workflow code can use it.

/**
 * The type of {@link definedFields}'s result: keys whose type allows `undefined` become optional (and their
 * type loses `undefined`), the others stay as they are.
 */
export type DefinedFields<T> = Flat<
  { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
    [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
  }
>;

type Flat<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A copy of `fields` without the keys whose value is `undefined`, in the same order: what
 * `...(x !== undefined ? { x } : {})` spells for one key, for several at once, as in
 * `{ type: 'X', ...definedFields({ memo: p.memo, parent: p.parent }) }`.
 *
 * Only `undefined` is dropped: `null`, `''`, `0` and `false` are kept. Where a condition meant to drop
 * those too (an empty identity is no identity, a 0 timeout is none), say so at the call:
 * `definedFields({ identity: p.identity || undefined })`.
 *
 * `T` is a `const` type parameter, so that literal types are kept: a value narrowed to `'a' | 'b'` is not
 * widened to `string` (the result's keys are not readonly for all that).
 */
export function definedFields<const T extends object>(fields: T): DefinedFields<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as DefinedFields<T>;
}
