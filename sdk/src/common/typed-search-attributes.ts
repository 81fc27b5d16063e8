// Typed search attributes (Temporal's TypedSearchAttributes, SearchAttributeKey, SearchAttributeType): keys
// that carry their value's type, and a read-only set of values read and copied by key.
import type { SearchAttributeTypeName } from '../protocol';
import type { SearchAttributeValueOrReadonly } from './search-attributes';

/**
 * The type of a search attribute's value (Temporal's `SearchAttributeType`): `TEXT` and `KEYWORD` a string,
 * `INT` a whole number, `DOUBLE` a number, `BOOL` a boolean, `DATETIME` a `Date`, `KEYWORD_LIST` strings.
 * A value travels as JSON (a `Date` as its ISO string) with its key's type beside it: the server registers
 * that type for the attribute's namespace if it has none yet (`rewind search-attribute list` shows them).
 */
export const SearchAttributeType = {
  TEXT: 'TEXT',
  KEYWORD: 'KEYWORD',
  INT: 'INT',
  DOUBLE: 'DOUBLE',
  BOOL: 'BOOL',
  DATETIME: 'DATETIME',
  KEYWORD_LIST: 'KEYWORD_LIST',
} as const;
/** One of the names of {@link SearchAttributeType}. */
export type SearchAttributeType = (typeof SearchAttributeType)[keyof typeof SearchAttributeType];

/** The value a search attribute of each type holds. */
export interface IndexedValueTypeMapping {
  TEXT: string;
  KEYWORD: string;
  INT: number;
  DOUBLE: number;
  BOOL: boolean;
  DATETIME: Date;
  KEYWORD_LIST: string[];
}

/** A search attribute's name with the type of its value (Temporal's `SearchAttributeKey`). */
export interface SearchAttributeKey<T extends SearchAttributeType> {
  name: string;
  type: T;
}

/**
 * A key to read and set one search attribute by (Temporal's `defineSearchAttributeKey`):
 * `const Customer = defineSearchAttributeKey('Customer', SearchAttributeType.KEYWORD)`.
 */
export function defineSearchAttributeKey<T extends SearchAttributeType>(name: string, type: T): SearchAttributeKey<T> {
  return { name, type };
}

/** A key with its value, e.g. `{ key: Customer, value: 'ada' }` (Temporal's `SearchAttributePair`). */
export type SearchAttributePair = {
  [T in SearchAttributeType]: { key: SearchAttributeKey<T>; value: IndexedValueTypeMapping[T] };
}[SearchAttributeType];

/** A key with its new value, or `null` to remove the attribute (Temporal's `SearchAttributeUpdatePair`). */
export type SearchAttributeUpdatePair = {
  [T in SearchAttributeType]: { key: SearchAttributeKey<T>; value: IndexedValueTypeMapping[T] | null };
}[SearchAttributeType];

/** Whether `value` is a value of search attribute type `type`. */
export function isValidValueForType<T extends SearchAttributeType>(type: T, value: unknown): value is IndexedValueTypeMapping[T] {
  switch (type) {
    case SearchAttributeType.TEXT:
    case SearchAttributeType.KEYWORD:
      return typeof value === 'string';
    case SearchAttributeType.INT:
      return Number.isInteger(value);
    case SearchAttributeType.DOUBLE:
      return typeof value === 'number';
    case SearchAttributeType.BOOL:
      return typeof value === 'boolean';
    case SearchAttributeType.DATETIME:
      return value instanceof Date;
    case SearchAttributeType.KEYWORD_LIST:
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    default:
      return false;
  }
}

/** A stored attribute: its type and value, and, when read from the server, the JSON values it came as. */
interface Stored {
  type: SearchAttributeType;
  value: IndexedValueTypeMapping[SearchAttributeType];
  /** The values as the server keeps them (JSON, untyped): a key of another type reads them as its type. */
  json?: readonly unknown[];
}

// The attributes of each set, kept outside the instance so that the class has no private members: a
// Temporal TypedSearchAttributes (whose public members are the same) is then also one of Rewind's.
const attributesOf = new WeakMap<TypedSearchAttributes, Map<string, Stored>>();

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** What the JSON values the server keeps read as for a key of type `type`; undefined when they are not one. */
function fromJson(type: SearchAttributeType, values: readonly unknown[]): IndexedValueTypeMapping[SearchAttributeType] | undefined {
  if (type === SearchAttributeType.KEYWORD_LIST)
    return values.every((v) => typeof v === 'string') ? (values as string[]).slice() : undefined;
  if (values.length !== 1) return undefined;
  const [value] = values;
  if (type === SearchAttributeType.DATETIME) {
    if (typeof value !== 'string' || !RFC3339.test(value)) return undefined;
    return new Date(value);
  }
  return isValidValueForType(type, value) ? value : undefined;
}

/** The SDK's types by Temporal's names for them (as the server registers them). */
const TYPE_OF_NAME: Record<SearchAttributeTypeName, SearchAttributeType> = {
  Text: 'TEXT',
  Keyword: 'KEYWORD',
  Int: 'INT',
  Double: 'DOUBLE',
  Bool: 'BOOL',
  Datetime: 'DATETIME',
  KeywordList: 'KEYWORD_LIST',
};

/** The type the JSON values suggest (Keyword for a string), for an attribute the server gave no type for. */
function typeOfJson(values: readonly unknown[]): SearchAttributeType | undefined {
  if (values.length !== 1) return values.length > 0 && values.every((v) => typeof v === 'string') ? 'KEYWORD_LIST' : undefined;
  const [value] = values;
  if (typeof value === 'boolean') return 'BOOL';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'INT' : 'DOUBLE';
  if (typeof value === 'string') return RFC3339.test(value) ? 'DATETIME' : 'KEYWORD';
  return undefined;
}

function copyValue<V>(value: V): V {
  if (value instanceof Date) return new Date(value.getTime()) as V;
  if (Array.isArray(value)) return [...(value as unknown[])] as V;
  return value;
}

/**
 * A run's search attributes read by typed keys (Temporal's `TypedSearchAttributes`): `get(key)`, `getAll()`,
 * and copies with changes (`updateCopy`). `workflowInfo().typedSearchAttributes` and a description's
 * `typedSearchAttributes` are one; start, child and continue-as-new options take one or a list of pairs.
 */
export class TypedSearchAttributes {
  /**
   * @param initialAttributes the attributes, each a key and its value.
   * @throws Error if two pairs have the same key name.
   */
  constructor(initialAttributes?: SearchAttributePair[]) {
    const attributes = new Map<string, Stored>();
    attributesOf.set(this, attributes);
    for (const pair of initialAttributes ?? []) {
      if (attributes.has(pair.key.name)) throw new Error(`Duplicate search attribute key: ${pair.key.name}`);
      attributes.set(pair.key.name, { type: pair.key.type, value: pair.value });
    }
  }

  /**
   * The attributes the server keeps (JSON values by name), each of the type the server registered for it
   * (`types`, by Temporal's names: Text, KeywordList, …) when its values are of that type, else as its values
   * suggest (a string is a KEYWORD, or a DATETIME when it is an ISO time; several strings a KEYWORD_LIST);
   * `get` reads them by the key's own type. Values no type fits (a list of numbers) are left out.
   */
  static fromJson(
    values: Readonly<Record<string, readonly unknown[]>>,
    types?: Readonly<Record<string, SearchAttributeTypeName>>,
  ): TypedSearchAttributes {
    const result = new TypedSearchAttributes();
    const attributes = attributesOf.get(result)!;
    for (const [name, json] of Object.entries(values)) {
      const registered = types && Object.hasOwn(types, name) ? TYPE_OF_NAME[types[name]!] : undefined;
      const type = registered && fromJson(registered, json) !== undefined ? registered : typeOfJson(json);
      const value = type && fromJson(type, json);
      if (type && value !== undefined) attributes.set(name, { type, value, json: [...json] });
    }
    return result;
  }

  /** The value of `key`'s attribute as `key`'s type; undefined when there is none or it is not of that type. */
  get<T extends SearchAttributeType>(key: SearchAttributeKey<T>): IndexedValueTypeMapping[T] | undefined {
    const stored = attributesOf.get(this)?.get(key.name);
    if (!stored) return undefined;
    const value = stored.json ? fromJson(key.type, stored.json) : stored.value;
    return isValidValueForType(key.type, value) ? copyValue(value) : undefined;
  }

  /** A deep copy (Dates and lists copied). */
  copy(): TypedSearchAttributes {
    const result = new TypedSearchAttributes();
    const attributes = attributesOf.get(result)!;
    for (const [name, stored] of attributesOf.get(this) ?? []) attributes.set(name, { ...stored, value: copyValue(stored.value) });
    return result;
  }

  /** The pairs, for JSON (`getAll()`). */
  toJSON(): SearchAttributePair[] {
    return this.getAll();
  }

  /**
   * A copy with `updates` applied: a value sets its attribute, `null` removes it when its type is the key's
   * (as Temporal's). This set stays as it is.
   */
  updateCopy(updates: SearchAttributeUpdatePair[]): TypedSearchAttributes {
    const result = this.copy();
    const attributes = attributesOf.get(result)!;
    for (const pair of updates) {
      if (pair.value === null) {
        if (attributes.get(pair.key.name)?.type === pair.key.type) attributes.delete(pair.key.name);
      } else {
        attributes.set(pair.key.name, { type: pair.key.type, value: pair.value });
      }
    }
    return result;
  }

  /** Every attribute as a key (its name and type) and its value. */
  getAll(): SearchAttributePair[] {
    const pairs: SearchAttributePair[] = [];
    for (const [name, stored] of attributesOf.get(this) ?? []) {
      if (isValidValueForType(stored.type, stored.value))
        pairs.push({ key: { name, type: stored.type }, value: copyValue(stored.value) } as SearchAttributePair);
    }
    return pairs;
  }

  /** The typed key an untyped attribute's values suggest (Temporal's rule: a string is TEXT, or DATETIME when it parses as a time). */
  static getKeyFromUntyped(key: string, value: SearchAttributeValueOrReadonly): SearchAttributeKey<SearchAttributeType> | undefined {
    if (value == null) return undefined;
    const val: unknown = value.length === 1 ? value[0] : value;
    switch (typeof val) {
      case 'string':
        return { name: key, type: !isNaN(Date.parse(val)) && Date.parse(val) === new Date(val).getTime() ? 'DATETIME' : 'TEXT' };
      case 'number':
        return { name: key, type: Number.isInteger(val) ? 'INT' : 'DOUBLE' };
      case 'boolean':
        return { name: key, type: 'BOOL' };
      case 'object':
        if (val instanceof Date) return { name: key, type: 'DATETIME' };
        if (Array.isArray(val) && val.every((item) => typeof item === 'string')) return { name: key, type: 'KEYWORD_LIST' };
        return undefined;
      default:
        return undefined;
    }
  }

  /** The name Temporal's servers give a type in a payload's `type` metadata (`KEYWORD_LIST` → `KeywordList`). */
  static toMetadataType(type: SearchAttributeType): string {
    const name = SEARCH_ATTRIBUTE_TYPE_NAMES[type];
    if (name === undefined) throw new Error(`Unknown search attribute type: ${String(type)}`);
    return name;
  }

  /** The type a payload's `type` metadata names (`KeywordList` or `INDEXED_VALUE_TYPE_KEYWORD_LIST`), if any. */
  static toSearchAttributeType(type: string): SearchAttributeType | undefined {
    for (const [name, metadata] of Object.entries(SEARCH_ATTRIBUTE_TYPE_NAMES) as [SearchAttributeType, string][]) {
      if (type === metadata || type === `INDEXED_VALUE_TYPE_${name}`) return name;
    }
    return undefined;
  }
}

/** Temporal's names of the types (its payloads' `type` metadata, as the server registers them), by the SDK's. */
export const SEARCH_ATTRIBUTE_TYPE_NAMES: Readonly<Record<SearchAttributeType, SearchAttributeTypeName>> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/**
 * A set as it was before it crossed JSON (its `toJSON` pairs, a DATETIME as its ISO string), with the
 * run's untyped attributes (the server's JSON values) for keys of other types to read: what a sink, outside
 * the workflow sandbox, gets as `info.typedSearchAttributes`.
 */
export function reviveTypedSearchAttributes(pairs: unknown, json: Readonly<Record<string, unknown>>): TypedSearchAttributes {
  const lists = Object.fromEntries(Object.entries(json).filter((e): e is [string, unknown[]] => Array.isArray(e[1])));
  const result = TypedSearchAttributes.fromJson(lists);
  const attributes = attributesOf.get(result)!;
  for (const pair of Array.isArray(pairs) ? (pairs as unknown[]) : []) {
    const { key, value } = (pair ?? {}) as { key?: { name?: unknown; type?: unknown }; value?: unknown };
    if (typeof key?.name !== 'string' || !(typeof key.type === 'string' && key.type in SEARCH_ATTRIBUTE_TYPE_NAMES)) continue;
    const type = key.type as SearchAttributeType;
    const revived = type === SearchAttributeType.DATETIME && typeof value === 'string' ? new Date(value) : value;
    if (!isValidValueForType(type, revived)) continue;
    const values = lists[key.name];
    attributes.set(key.name, { type, value: revived, ...(values ? { json: values } : {}) });
  }
  return result;
}
