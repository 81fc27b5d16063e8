// Temporal's Payload messages as Rewind's values and back, byte for byte. A payload that is plain JSON
// written as JSON.stringify writes it (json/plain, nothing else in its metadata: what the TypeScript
// SDK's default converter sends) becomes that JSON value, so Rewind's CLI, extension and SDK read it
// as their own; any other payload (binary/null, binary/protobuf, a codec's, JSON written otherwise) is
// kept whole as an encoded payload. Either way the SDK reads back exactly the bytes it wrote.
import { encodedPayload, encodedPayloadOf, type JsonValue, type Payload } from '@rewind/sdk/protocol';
import type { temporal } from './proto';

type ProtoPayload = temporal.api.common.v1.IPayload;
type ProtoPayloads = temporal.api.common.v1.IPayloads;

const JSON_PLAIN = Buffer.from('json/plain');

/** A Temporal payload as a Rewind value. */
export function payloadIn(p: ProtoPayload | null | undefined): JsonValue {
  const metadata = p?.metadata ?? {};
  const data = Buffer.from(p?.data ?? new Uint8Array());
  const keys = Object.keys(metadata);
  if (keys.length === 1 && keys[0] === 'encoding' && JSON_PLAIN.equals(Buffer.from(metadata.encoding!))) {
    const plain = plainJson(data);
    if (plain !== undefined) return plain;
  }
  return encodedPayload({
    metadata: Object.fromEntries(keys.map((k) => [k, Buffer.from(metadata[k]!).toString('base64')])),
    data: data.toString('base64'),
  });
}

/** The JSON value in the bytes, if writing it again gives the same bytes (and it is not taken for an encoded payload). */
function plainJson(data: Buffer): JsonValue | undefined {
  let value: JsonValue;
  try {
    value = JSON.parse(data.toString('utf8')) as JsonValue;
  } catch {
    return undefined;
  }
  if (encodedPayloadOf(value)) return undefined;
  return Buffer.from(JSON.stringify(value), 'utf8').equals(data) ? value : undefined;
}

/** A Rewind value as a Temporal payload (a plain value as json/plain, as the TypeScript SDK writes it). */
export function payloadOut(value: Payload): ProtoPayload {
  const encoded = encodedPayloadOf(value);
  if (encoded) {
    return {
      metadata: Object.fromEntries(Object.entries(encoded.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(encoded.data, 'base64'),
    };
  }
  if (value === undefined) return { metadata: { encoding: Buffer.from('binary/null') }, data: new Uint8Array() };
  return { metadata: { encoding: JSON_PLAIN }, data: Buffer.from(JSON.stringify(value), 'utf8') };
}

/** A Payloads message (arguments, details) as Rewind's list. */
export function payloadsIn(p: ProtoPayloads | null | undefined): JsonValue[] {
  return (p?.payloads ?? []).map(payloadIn);
}

/** Rewind's list as a Payloads message; undefined for none (Temporal leaves the field out). */
export function payloadsOut(values: readonly Payload[] | undefined): ProtoPayloads | undefined {
  return values && values.length > 0 ? { payloads: values.map(payloadOut) } : undefined;
}

/** A result (a Payloads message holding one value). Undefined for none. */
export function resultIn(p: ProtoPayloads | null | undefined): Payload {
  const list = p?.payloads ?? [];
  return list.length > 0 ? payloadIn(list[0]) : undefined;
}

/** A result as a Payloads message holding it (none when there is no result). */
export function resultOut(value: Payload): ProtoPayloads | undefined {
  return value === undefined ? undefined : { payloads: [payloadOut(value)] };
}

/** A map of payloads (memo fields, header fields) as Rewind's record; undefined for none. */
export function payloadMapIn(fields: Record<string, ProtoPayload> | null | undefined): Record<string, JsonValue> | undefined {
  const keys = Object.keys(fields ?? {});
  return keys.length > 0 ? Object.fromEntries(keys.map((k) => [k, payloadIn(fields![k])])) : undefined;
}

export function payloadMapOut(values: Record<string, Payload> | undefined): Record<string, ProtoPayload> | undefined {
  return values ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, payloadOut(v)])) : undefined;
}
