// Search attribute values (lists of JSON values) against their types: which type untyped values suggest
// (what an attribute used before it is registered gets), and whether values fit a registered type.
import type { JsonValue, SearchAttributeTypeName } from '@rewind/sdk/protocol';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const isTime = (v: JsonValue): boolean => typeof v === 'string' && RFC3339.test(v) && Number.isFinite(Date.parse(v));

/**
 * The type that values with no type suggest: one string a Keyword (a Datetime when it is an RFC 3339 time),
 * several strings a KeywordList, one whole number an Int, another number a Double, one boolean a Bool;
 * none (an empty list: a removal) or a mix suggest nothing.
 */
export function inferSearchAttributeType(values: readonly JsonValue[]): SearchAttributeTypeName | undefined {
  if (values.length > 1) return values.every((v) => typeof v === 'string') ? 'KeywordList' : undefined;
  if (values.length === 0) return undefined;
  const [value] = values as [JsonValue];
  if (typeof value === 'boolean') return 'Bool';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'Int' : 'Double';
  if (typeof value === 'string') return isTime(value) ? 'Datetime' : 'Keyword';
  return undefined;
}

/** Whether values are one value of `type` (a KeywordList: any number of strings). */
export function fitsSearchAttributeType(type: SearchAttributeTypeName, values: readonly JsonValue[]): boolean {
  if (type === 'KeywordList') return values.every((v) => typeof v === 'string');
  if (values.length !== 1) return false;
  const [value] = values as [JsonValue];
  switch (type) {
    case 'Text':
    case 'Keyword':
      return typeof value === 'string';
    case 'Int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'Double':
      return typeof value === 'number';
    case 'Bool':
      return typeof value === 'boolean';
    case 'Datetime':
      return isTime(value);
  }
}
