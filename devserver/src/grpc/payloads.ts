// Temporal's Payload messages as Rewind's values and back, byte for byte. A payload that is plain JSON
// written as JSON.stringify writes it (json/plain, nothing else in its metadata: what the TypeScript
// SDK's default converter sends) becomes that JSON value, so Rewind's CLI, extension and SDK read it
// as their own; any other payload (binary/null, binary/protobuf, a codec's, JSON written otherwise) is
// kept whole as an encoded payload. Either way the SDK reads back exactly the bytes it wrote. The
// mapping itself is the SDK's (common/payload-message.ts), shared with its interceptor boundary.
import type { JsonValue, Payload } from '@rewind/sdk/protocol';
import { payloadToValue, valueToPayload } from '@rewind/sdk/internal/common/payload-message';
import type { temporal } from './proto';

type ProtoPayload = temporal.api.common.v1.IPayload;
type ProtoPayloads = temporal.api.common.v1.IPayloads;

/** A Temporal payload as a Rewind value (the mapping the SDK's interceptor boundary uses too). */
export function payloadIn(p: ProtoPayload | null | undefined): JsonValue {
  return payloadToValue(p);
}

/** A Rewind value as a Temporal payload (a plain value as json/plain, as the TypeScript SDK writes it). */
export function payloadOut(value: Payload): ProtoPayload {
  return valueToPayload(value);
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
