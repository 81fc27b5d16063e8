// Valid values generated from a protocol schema (its `form`), the paths to every field it has, and a
// valid value with one field replaced or left out: the fuzzer's way to reach each field of each method.
import type { Schema } from '@rewind/sdk/protocol';
import type { SeededRandom } from './seeded-random';

/** One step into a value: an object field, the first array item, or the variant of a tagged union. */
export type Step = { field: string } | { item: true } | { variant: string };

export interface SampleOptions {
  rnd: SeededRandom;
  /** A string for a field (by name), to aim at things that exist: a namespace, a workflow id, a task token. */
  stringFor(field: string | undefined): string | undefined;
}

/** Leaves the field out (a required one must then be refused). */
export const OMIT: unique symbol = Symbol('omit');

const MAX_DEPTH = 4;

/** A value the schema accepts, with fresh names (so that samples do not collide with each other). */
export function sample(schema: Schema<unknown>, opts: SampleOptions, field?: string, depth = 0): unknown {
  const { rnd } = opts;
  const form = schema.form;
  switch (form.kind) {
    case 'string': {
      const s = opts.stringFor(field) ?? `f${rnd.int(0, 2 ** 30).toString(36)}`;
      return s.length > form.max ? s.slice(0, form.max) : s.padEnd(form.min, 's');
    }
    case 'int':
    case 'number':
      return Math.min(form.max, Math.max(form.min, rnd.pick([0, 1, 1000, 3_600_000])));
    case 'boolean':
      return rnd.chance(0.5);
    case 'literal':
      return rnd.pick(form.values);
    case 'optional':
      return depth >= MAX_DEPTH || rnd.chance(0.5) ? undefined : sample(form.inner, opts, field, depth);
    case 'array':
      return depth >= MAX_DEPTH
        ? []
        : Array.from({ length: rnd.int(0, Math.min(2, form.max)) }, () => sample(form.item, opts, field, depth + 1));
    case 'record': {
      const out: Record<string, unknown> = {};
      for (let i = rnd.int(0, Math.min(2, form.maxKeys)); i > 0; i--) {
        // An own property even when the key is `__proto__`, as JSON.parse makes it on the server.
        const key = opts.stringFor(undefined) ?? `k${rnd.int(0, 999)}`;
        Object.defineProperty(out, key, {
          value: sample(form.item, opts, undefined, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, s] of Object.entries(form.fields)) {
        const v = sample(s, opts, key, depth + 1);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    case 'tagged': {
      const variant = rnd.pick(Object.keys(form.variants));
      return { ...(sample(form.variants[variant]!, opts, field, depth) as object), [form.tag]: variant };
    }
    case 'json':
      return rnd.pick(['x', 1, null, true, { a: [1, 'b'] }, [null]]);
    case 'anyObject':
      return {};
  }
}

/** Every path to a field (at any depth, through optional fields, array items and each variant), with its schema. */
export function fieldPaths(schema: Schema<unknown>, prefix: Step[] = [], depth = 0): { path: Step[]; schema: Schema<unknown> }[] {
  if (depth > MAX_DEPTH) return [];
  const form = schema.form;
  switch (form.kind) {
    case 'optional':
      return fieldPaths(form.inner, prefix, depth);
    case 'array':
      return fieldPaths(form.item, [...prefix, { item: true }], depth + 1);
    case 'tagged':
      return Object.entries(form.variants).flatMap(([variant, s]) => fieldPaths(s, [...prefix, { variant }], depth));
    case 'object':
      return Object.entries(form.fields).flatMap(([field, s]) => {
        const path = [...prefix, { field }];
        return [{ path, schema: s }, ...fieldPaths(s, path, depth + 1)];
      });
    default:
      return [];
  }
}

/** A valid value but for the field at `path`, which gets `leaf` (or is left out, for OMIT). */
export function sampleWith(schema: Schema<unknown>, path: readonly Step[], leaf: unknown, opts: SampleOptions, depth = 0): unknown {
  if (path.length === 0) return leaf;
  const [step, ...rest] = path;
  const form = schema.form;
  switch (form.kind) {
    case 'optional':
      return sampleWith(form.inner, path, leaf, opts, depth);
    case 'array':
      return [sampleWith(form.item, rest, leaf, opts, depth + 1)];
    case 'tagged': {
      const variant = 'variant' in step! ? step.variant : Object.keys(form.variants)[0]!;
      return { ...(sampleWith(form.variants[variant]!, rest, leaf, opts, depth) as object), [form.tag]: variant };
    }
    case 'object': {
      const field = 'field' in step! ? step.field : '';
      const out = sample(schema, opts, undefined, depth) as Record<string, unknown>;
      const inner = form.fields[field];
      if (!inner) return out;
      const v = rest.length === 0 ? leaf : sampleWith(inner, rest, leaf, opts, depth + 1);
      if (v === OMIT) delete out[field];
      else out[field] = v;
      return out;
    }
    default:
      return leaf;
  }
}

export const pathText = (path: readonly Step[]): string =>
  path.map((s) => ('field' in s ? `.${s.field}` : 'item' in s ? '[0]' : `<${s.variant}>`)).join('') || '(params)';
