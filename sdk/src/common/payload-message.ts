// Temporal's Payload message (metadata and data as bytes: what interceptors put in headers) and the one
// mapping between it and Rewind's wire values (protocol/payload.ts), used by the interceptor boundary and
// the gRPC frontend alike: a json/plain payload written as JSON.stringify writes it becomes that JSON
// value; any other payload is kept whole, byte for byte, as an encoded payload. No Buffer needed: it also
// runs inside the workflow sandbox.
import type { Header } from '../protocol/headers';
import { encodedPayload, encodedPayloadOf, type JsonValue, type Payload as WireValue } from '../protocol/payload';
import { base64Bytes, bytesBase64, textUtf8, utf8Text } from './base64-utf8';

/**
 * A value as Temporal's SDK carries it (Temporal's `Payload`, the protobuf message): its encoding and other
 * metadata, and its bytes. Interceptors make one with `defaultPayloadConverter.toPayload(value)` and read
 * one with `defaultPayloadConverter.fromPayload(payload)`.
 */
export interface Payload {
  metadata?: Record<string, Uint8Array> | null;
  data?: Uint8Array | null;
}

/** Payloads by name (Temporal's `Headers`): what interceptors read and add beside a call's arguments. */
export type Headers = Record<string, Payload>;

const ENCODING = 'encoding';
const JSON_PLAIN = 'json/plain';

// Node's Buffer where there is one (the worker, the server: fast for large payloads); by hand elsewhere.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const toBase64 = (bytes: Uint8Array): string =>
  NodeBuffer ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') : bytesBase64(bytes);
const fromBase64 = (text: string): Uint8Array => {
  if (NodeBuffer) {
    const b = NodeBuffer.from(text, 'base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  return base64Bytes(text) ?? new Uint8Array();
};
const utf8 = (text: string): Uint8Array => {
  if (!NodeBuffer) return textUtf8(text);
  const b = NodeBuffer.from(text, 'utf8');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

/** Bytes as a Uint8Array (protobufjs gives an unset bytes field as an empty array). */
const asBytes = (b: ArrayLike<number> | null | undefined): Uint8Array =>
  b === null || b === undefined ? new Uint8Array() : ArrayBuffer.isView(b) ? (b as Uint8Array) : Uint8Array.from(b);

/** The bytes' text as JSON.parse would read it, if they are valid UTF-8 (else undefined). */
function strictText(bytes: Uint8Array): string | undefined {
  if (typeof TextDecoder === 'function') {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  return utf8Text(bytes);
}

/** The JSON value of json/plain bytes, if writing it again gives the same bytes and it is not taken for an encoded payload. */
function plainJson(data: Uint8Array): JsonValue | undefined {
  const text = strictText(data);
  if (text === undefined) return undefined;
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  // Valid UTF-8 has one spelling: the same text is the same bytes.
  if (encodedPayloadOf(value) || JSON.stringify(value) !== text) return undefined;
  return value;
}

/** Whether the bytes spell `text` in ASCII. */
function isAscii(bytes: Uint8Array | undefined, text: string): boolean {
  if (!bytes || bytes.length !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** A Temporal payload as Rewind's wire value: json/plain as its JSON value, anything else as an encoded payload. */
export function payloadToValue(p: Payload | null | undefined): JsonValue {
  const metadata = p?.metadata ?? {};
  const data = asBytes(p?.data);
  const keys = Object.keys(metadata);
  if (keys.length === 1 && keys[0] === ENCODING && isAscii(asBytes(metadata[ENCODING]), JSON_PLAIN)) {
    const plain = plainJson(data);
    if (plain !== undefined) return plain;
  }
  return encodedPayload({
    metadata: Object.fromEntries(keys.map((k) => [k, toBase64(asBytes(metadata[k]))])),
    data: toBase64(data),
  });
}

/** Rewind's wire value as a Temporal payload: an encoded payload's own bytes, a plain value as json/plain, none as binary/null. */
export function valueToPayload(value: WireValue): Payload {
  const encoded = encodedPayloadOf(value);
  if (encoded) {
    return {
      metadata: Object.fromEntries(Object.entries(encoded.metadata).map(([k, v]) => [k, fromBase64(v)])),
      data: fromBase64(encoded.data),
    };
  }
  if (value === undefined) return { metadata: { [ENCODING]: utf8('binary/null') }, data: new Uint8Array() };
  return { metadata: { [ENCODING]: utf8(JSON_PLAIN) }, data: utf8(JSON.stringify(value)) };
}

/** A header as it arrived on the wire, as the Payloads interceptors read (none: an empty record). */
export function headersFromWire(header: Header | undefined): Headers {
  const out: Headers = {};
  if (!header) return out;
  for (const [name, value] of Object.entries(header)) out[name] = valueToPayload(value);
  return out;
}

/** Whether a header's value is a Payload: an object whose metadata and data, where present, are bytes. */
function isPayload(p: unknown): p is Payload {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
  const { metadata, data } = p as { metadata?: unknown; data?: unknown };
  if (data !== undefined && data !== null && !ArrayBuffer.isView(data)) return false;
  if (metadata === undefined || metadata === null) return true;
  return typeof metadata === 'object' && Object.values(metadata).every((v) => ArrayBuffer.isView(v));
}

/**
 * The Payloads interceptors set, as the header that travels (none when empty, as Temporal leaves it out).
 *
 * @throws TypeError for a value that is not a Payload, saying how to make one.
 */
export function headersToWire(headers: Headers): Header | undefined {
  const names = Object.keys(headers);
  if (names.length === 0) return undefined;
  return Object.fromEntries(
    names.map((name) => {
      const p: unknown = headers[name];
      if (!isPayload(p)) {
        throw new TypeError(
          `Header '${name}' is ${p === null ? 'null' : typeof p}, not a Payload ({ metadata, data } as Uint8Array): ` +
            `make it with defaultPayloadConverter.toPayload(value) and read it with defaultPayloadConverter.fromPayload(payload).`,
        );
      }
      return [name, payloadToValue(p)];
    }),
  );
}
