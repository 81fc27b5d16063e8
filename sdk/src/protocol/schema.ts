// A small schema language: each schema validates untrusted input and gives its TypeScript type.
// Used for every request the server accepts and every command a worker sends, so that a malformed
// message gets an error naming the field, what was expected and what came.
import { utf8Bytes } from './utf8-bytes';
import { MAX_PAYLOAD_BYTES } from './limits';
import { LONE_SURROGATE } from './wire-text';
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

/**
 * What a schema accepts, as data: lets tests generate valid values (and invalid ones, field by field)
 * for every request method from the schemas themselves.
 */
export type SchemaForm =
  | { kind: 'string'; min: number; max: number }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'literal'; values: readonly (string | number | boolean)[] }
  | { kind: 'optional'; inner: Schema<unknown> }
  | { kind: 'array'; item: Schema<unknown>; max: number }
  | { kind: 'record'; item: Schema<unknown>; maxKeys: number }
  | { kind: 'object'; fields: Readonly<Record<string, Schema<unknown>>> }
  | { kind: 'tagged'; tag: string; variants: Readonly<Record<string, Schema<unknown>>> }
  | { kind: 'json'; maxDepth: number }
  | { kind: 'anyObject' };

export interface Schema<T> {
  readonly description: string;
  readonly form: SchemaForm;
  parse(value: unknown, path: string): T;
}

export interface OptionalSchema<T> extends Schema<T | undefined> {
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

function schema<T>(description: string, form: SchemaForm, parse: (value: unknown, path: string) => T): Schema<T> {
  return { description, form, parse };
}

export function str(opts: { min?: number; max?: number } = {}): Schema<string> {
  const min = opts.min ?? 0;
  const max = opts.max ?? 1_000_000;
  const description = min > 0 ? `a non-empty string of at most ${max} characters` : `a string of at most ${max} characters`;
  return schema(description, { kind: 'string', min, max }, (value, path) => {
    if (typeof value !== 'string' || value.length < min || value.length > max) {
      throw new SchemaError(path, description, describeValue(value));
    }
    if (LONE_SURROGATE.test(value)) throw new SchemaError(path, `${description} of valid Unicode`, 'a lone UTF-16 surrogate');
    return value;
  });
}

/** A non-empty name (workflow id, type, task queue …): at most 1,000 characters, as in Temporal. */
export const name = (): Schema<string> => str({ min: 1, max: 1000 });

export function int(opts: { min?: number; max?: number } = {}): Schema<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const description = `an integer from ${min} to ${max}`;
  return schema(description, { kind: 'int', min, max }, (value, path) => {
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
  return schema(description, { kind: 'number', min, max }, (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new SchemaError(path, description, describeValue(value));
    }
    return value;
  });
}

export function bool(): Schema<boolean> {
  return schema('true or false', { kind: 'boolean' }, (value, path) => {
    if (typeof value !== 'boolean') throw new SchemaError(path, 'true or false', describeValue(value));
    return value;
  });
}

export function literal<const T extends readonly (string | number | boolean)[]>(...values: T): Schema<T[number]> {
  const description = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return schema(description, { kind: 'literal', values }, (value, path) => {
    if (!values.includes(value as T[number])) throw new SchemaError(path, description, describeValue(value));
    return value as T[number];
  });
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return {
    optional: true,
    description: `${inner.description} (optional)`,
    form: { kind: 'optional', inner },
    parse: (value, path) => (value === undefined ? undefined : inner.parse(value, path)),
  };
}

export function array<T>(item: Schema<T>, opts: { max?: number } = {}): Schema<T[]> {
  const max = opts.max ?? 100_000;
  const description = `an array of at most ${max} items, each ${item.description}`;
  return schema(description, { kind: 'array', item, max }, (value, path) => {
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
  return schema(description, { kind: 'record', item, maxKeys }, (value, path) => {
    if (!isPlainObject(value)) throw new SchemaError(path, description, describeValue(value));
    const keys = Object.keys(value);
    if (keys.length > maxKeys) throw new SchemaError(path, description, `${keys.length} keys`);
    const out: Record<string, T> = {};
    for (const key of keys) {
      // As a key of an object here, `__proto__` would set its prototype and the entry would be lost.
      if (key === '__proto__') throw new SchemaError(`${path}.${key}`, 'a key other than __proto__', 'the key __proto__');
      out[key] = item.parse(value[key], `${path}.${key}`);
    }
    return out;
  });
}

/** An object with the given fields; unknown fields are dropped (so newer clients stay compatible). */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const description = `an object with ${Object.keys(shape).join(', ') || 'no fields'}`;
  return schema(description, { kind: 'object', fields: shape }, (value, path) => {
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
  return schema(description, { kind: 'tagged', tag, variants }, (value, path) => {
    if (!isPlainObject(value)) throw new SchemaError(path, description, describeValue(value));
    const t = value[tag];
    if (typeof t !== 'string' || !Object.prototype.hasOwnProperty.call(variants, t)) {
      throw new SchemaError(path ? `${path}.${tag}` : tag, `one of ${tags.join(', ')}`, describeValue(t));
    }
    return { ...variants[t]!.parse(value, path), [tag]: t } as { [T in keyof V]: Infer<V[T]> & Record<K, T> }[keyof V];
  });
}

/** Any JSON value, nested at most `maxDepth` deep. */
/**
 * Any JSON value nested at most `maxDepth` deep; with `maxBytes`, at most that many UTF-8 bytes as JSON
 * text (counted while walking it, escapes left out: the SDK's exact count is never below it).
 */
export function json(opts: { maxDepth?: number; maxBytes?: number } = {}): Schema<JsonValue> {
  const maxDepth = opts.maxDepth ?? 64;
  const maxBytes = opts.maxBytes;
  const description = `a JSON value nested at most ${maxDepth} deep`;
  let bytes = 0;
  const text = (s: string): void => {
    if (maxBytes !== undefined) bytes += utf8Bytes(s) + 2;
  };
  const check = (value: unknown, path: string, depth: number): JsonValue => {
    if (typeof value === 'string') {
      text(value);
      return value;
    }
    if (value === null || typeof value === 'boolean') {
      bytes += value === false ? 5 : 4;
      return value;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new SchemaError(path, 'a finite number', String(value));
      if (maxBytes !== undefined) bytes += String(value).length;
      return value;
    }
    if (depth >= maxDepth) throw new SchemaError(path, description, `a value nested deeper than ${maxDepth}`);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) check(value[i], `${path}[${i}]`, depth + 1);
      bytes += 1 + Math.max(value.length, 1);
      return value as JsonValue[];
    }
    if (isPlainObject(value)) {
      for (const key of Object.keys(value)) {
        text(key);
        check(value[key], `${path}.${key}`, depth + 1);
      }
      bytes += 1 + 2 * Object.keys(value).length;
      return value as { [key: string]: JsonValue };
    }
    throw new SchemaError(path, description, describeValue(value));
  };
  return schema(description, { kind: 'json', maxDepth }, (value, path) => {
    bytes = 0;
    const checked = check(value, path, 0);
    if (maxBytes !== undefined && bytes > maxBytes) {
      throw new SchemaError(
        path,
        `a value of at most ${maxBytes / 1048576} MB as JSON (keep large data elsewhere and pass a reference to it)`,
        `about ${(bytes / 1048576).toFixed(1)} MB`,
      );
    }
    return checked;
  });
}

/** A payload: any JSON value of at most MAX_PAYLOAD_BYTES, or nothing (undefined). */
export function payload(): OptionalSchema<JsonValue> {
  return optional(json({ maxBytes: MAX_PAYLOAD_BYTES }));
}

/** A value that the server takes as it is (validated elsewhere or opaque), but that must be an object. */
export function anyObject(): Schema<Record<string, unknown>> {
  return schema('an object', { kind: 'anyObject' }, (value, path) => {
    if (!isPlainObject(value)) throw new SchemaError(path, 'an object', describeValue(value));
    return value;
  });
}
