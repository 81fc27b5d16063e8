// A small schema language: each schema validates untrusted input and gives its TypeScript type.
// Used for every request the server accepts and every command a worker sends, so that a malformed
// message gets an error naming the field, what was expected and what came.
import type { JsonValue } from './payload';

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`${path || 'value'}: expected ${expected}, got ${got}`);
  }
}

export interface Schema<T> {
  readonly description: string;
  parse(value: unknown, path: string): T;
}

interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

/** A short description of a value for error messages (never the whole value). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'nothing';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function schema<T>(description: string, parse: (value: unknown, path: string) => T): Schema<T> {
  return { description, parse };
}

export function str(opts: { min?: number; max?: number } = {}): Schema<string> {
  const min = opts.min ?? 0;
  const max = opts.max ?? 1_000_000;
  const description = min > 0 ? `a non-empty string of at most ${max} characters` : `a string of at most ${max} characters`;
  return schema(description, (value, path) => {
    if (typeof value !== 'string' || value.length < min || value.length > max) {
      throw new SchemaError(path, description, describeValue(value));
    }
    return value;
  });
}

/** A non-empty name (workflow id, type, task queue …): at most 1,000 characters, as in Temporal. */
export const name = (): Schema<string> => str({ min: 1, max: 1000 });

export function int(opts: { min?: number; max?: number } = {}): Schema<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const description = `an integer from ${min} to ${max}`;
  return schema(description, (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new SchemaError(path, description, describeValue(value));
    }
    return value;
  });
}

export function num(opts: { min?: number; max?: number } = {}): Schema<number> {
  const min = opts.min ?? -Number.MAX_VALUE;
  const max = opts.max ?? Number.MAX_VALUE;
  const description = `a number from ${min} to ${max}`;
  return schema(description, (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new SchemaError(path, description, describeValue(value));
    }
    return value;
  });
}

export function bool(): Schema<boolean> {
  return schema('true or false', (value, path) => {
    if (typeof value !== 'boolean') throw new SchemaError(path, 'true or false', describeValue(value));
    return value;
  });
}

export function literal<const T extends readonly (string | number | boolean)[]>(...values: T): Schema<T[number]> {
  const description = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return schema(description, (value, path) => {
    if (!values.includes(value as T[number])) throw new SchemaError(path, description, describeValue(value));
    return value as T[number];
  });
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return {
    optional: true,
    description: `${inner.description} (optional)`,
    parse: (value, path) => (value === undefined ? undefined : inner.parse(value, path)),
  };
}

export function array<T>(item: Schema<T>, opts: { max?: number } = {}): Schema<T[]> {
  const max = opts.max ?? 100_000;
  const description = `an array of at most ${max} items, each ${item.description}`;
  return schema(description, (value, path) => {
    if (!Array.isArray(value) || value.length > max) throw new SchemaError(path, description, describeValue(value));
    return value.map((v, i) => item.parse(v, `${path}[${i}]`));
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record<T>(item: Schema<T>, opts: { maxKeys?: number } = {}): Schema<Record<string, T>> {
  const maxKeys = opts.maxKeys ?? 1000;
  const description = `an object of at most ${maxKeys} keys, each ${item.description}`;
  return schema(description, (value, path) => {
    if (!isPlainObject(value)) throw new SchemaError(path, description, describeValue(value));
    const keys = Object.keys(value);
    if (keys.length > maxKeys) throw new SchemaError(path, description, `${keys.length} keys`);
    const out: Record<string, T> = {};
    for (const key of keys) out[key] = item.parse(value[key], `${path}.${key}`);
    return out;
  });
}

/** An object with the given fields; unknown fields are dropped (so newer clients stay compatible). */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const description = `an object with ${Object.keys(shape).join(', ') || 'no fields'}`;
  return schema(description, (value, path) => {
    if (!isPlainObject(value)) throw new SchemaError(path, 'an object', describeValue(value));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      const parsed = shape[key]!.parse(value[key], path ? `${path}.${key}` : key);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as ObjectOf<S>;
  });
}

/** Objects told apart by a string field (`type`); each variant is an `object()` schema. */
export function tagged<K extends string, V extends Record<string, Schema<Record<string, unknown>>>>(
  tag: K,
  variants: V,
): Schema<{ [T in keyof V]: Infer<V[T]> & Record<K, T> }[keyof V]> {
  const tags = Object.keys(variants);
  const description = `an object whose "${tag}" is one of ${tags.join(', ')}`;
  return schema(description, (value, path) => {
    if (!isPlainObject(value)) throw new SchemaError(path, description, describeValue(value));
    const t = value[tag];
    if (typeof t !== 'string' || !Object.prototype.hasOwnProperty.call(variants, t)) {
      throw new SchemaError(path ? `${path}.${tag}` : tag, `one of ${tags.join(', ')}`, describeValue(t));
    }
    return { ...variants[t]!.parse(value, path), [tag]: t } as { [T in keyof V]: Infer<V[T]> & Record<K, T> }[keyof V];
  });
}

/** Any JSON value, nested at most `maxDepth` deep. */
export function json(opts: { maxDepth?: number } = {}): Schema<JsonValue> {
  const maxDepth = opts.maxDepth ?? 64;
  const description = `a JSON value nested at most ${maxDepth} deep`;
  const check = (value: unknown, path: string, depth: number): JsonValue => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new SchemaError(path, 'a finite number', String(value));
      return value;
    }
    if (depth >= maxDepth) throw new SchemaError(path, description, `a value nested deeper than ${maxDepth}`);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) check(value[i], `${path}[${i}]`, depth + 1);
      return value as JsonValue[];
    }
    if (isPlainObject(value)) {
      for (const key of Object.keys(value)) check(value[key], `${path}.${key}`, depth + 1);
      return value as { [key: string]: JsonValue };
    }
    throw new SchemaError(path, description, describeValue(value));
  };
  return schema(description, (value, path) => check(value, path, 0));
}

/** A payload: any JSON value, or nothing (undefined). */
export function payload(): OptionalSchema<JsonValue> {
  return optional(json());
}

/** A value that the server takes as it is (validated elsewhere or opaque), but that must be an object. */
export function anyObject(): Schema<Record<string, unknown>> {
  return schema('an object', (value, path) => {
    if (!isPlainObject(value)) throw new SchemaError(path, 'an object', describeValue(value));
    return value;
  });
}
