// Values carried on the wire: arguments, results and details are plain JSON (undefined leaves a field
// out). A value in another encoding — what Temporal's SDK sends as binary/protobuf, a codec's encrypted
// bytes, JSON not written as JSON.stringify writes it — travels and is stored byte for byte as an
// encoded payload: a JSON object with the one key ENCODED_PAYLOAD_KEY, holding its metadata and data.

/** A JSON value: what arguments, results, details, memos and search attribute values are on the wire. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An argument, result or detail value. `undefined` is carried by leaving the field out. */
export type Payload = JsonValue | undefined;

/** The one key of an encoded payload's JSON object. */
export const ENCODED_PAYLOAD_KEY = '$rewind:encoded';

/** A value kept as Temporal's Payload message is: its metadata and data, each base64. */
export interface EncodedPayload {
  metadata: Record<string, string>;
  data: string;
}

/** The encoded payload a value holds, or undefined for a plain JSON value. */
export function encodedPayloadOf(value: Payload): EncodedPayload | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(value, ENCODED_PAYLOAD_KEY)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== ENCODED_PAYLOAD_KEY) return undefined;
  const inner = value[ENCODED_PAYLOAD_KEY];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return undefined;
  const { metadata, data } = inner;
  if (typeof data !== 'string' || typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  if (!Object.values(metadata).every((v) => typeof v === 'string')) return undefined;
  return { metadata: metadata as Record<string, string>, data };
}

/** An encoded payload as a value (the JSON object that carries it). */
export function encodedPayload(encoded: EncodedPayload): JsonValue {
  return { [ENCODED_PAYLOAD_KEY]: { metadata: { ...encoded.metadata }, data: encoded.data } };
}
