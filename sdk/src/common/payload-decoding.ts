// Reading values that come in. A plain JSON value is itself; an encoded payload (protocol/payload.ts,
// what Temporal's SDK wrote in another form) is decoded when Rewind knows its encoding — json/plain is its
// JSON, binary/null is undefined — and otherwise refused with what it is: its encoding and size, and
// that the codec that wrote it must read it. One decoder for the client, the worker and the sandbox.
import { encodedPayload, encodedPayloadOf, type EncodedPayload, type JsonValue, type Payload } from '../protocol/payload';
import { base64Bytes, base64Size, utf8Text } from './base64-utf8';
import { PayloadEncodingError } from './errors';

/** What an encoded payload is: its encoding ('' when its metadata has none) and the size of its data. */
export interface EncodedPayloadFacts {
  encoding: string;
  size: number;
}

export function encodedPayloadFacts(e: EncodedPayload): EncodedPayloadFacts {
  const raw = e.metadata.encoding;
  const bytes = raw === undefined ? undefined : base64Bytes(raw);
  const text = bytes ? utf8Text(bytes) : undefined;
  return { encoding: raw === undefined ? '' : (text ?? '(unreadable)'), size: base64Size(e.data) };
}

type Decoded = { ok: true; value: unknown } | { ok: false; facts: EncodedPayloadFacts };

/** An encoded payload's value, if Rewind reads its encoding. */
function decodeEncoded(e: EncodedPayload): Decoded {
  const facts = encodedPayloadFacts(e);
  if (facts.encoding === 'binary/null') return { ok: true, value: undefined };
  if (facts.encoding === 'json/plain') {
    const bytes = base64Bytes(e.data);
    const text = bytes ? utf8Text(bytes) : undefined;
    if (text !== undefined) {
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        // Not JSON after all: refused below, as any payload Rewind cannot read.
      }
    }
  }
  return { ok: false, facts };
}

/**
 * A value that came in, decoded: plain JSON as it is, an encoded json/plain payload as its JSON, binary/null
 * as undefined.
 *
 * @param what names the value in the error ("the result of workflow order-1").
 * @throws PayloadEncodingError for any other encoding (binary/protobuf, a codec's), naming it and its size.
 */
export function decodePayload(value: Payload, what: string): unknown {
  const encoded = encodedPayloadOf(value);
  if (!encoded) return value;
  const decoded = decodeEncoded(encoded);
  if (decoded.ok) return decoded.value;
  const { encoding, size } = decoded.facts;
  throw new PayloadEncodingError(
    `Cannot read ${what}: it is ${encoding ? `a ${encoding}` : 'an unnamed'} payload of ${size} bytes, which Rewind's SDK does not decode. ` +
      'Decode with your codec: read it with the Temporal SDK and the payload converter or codec that wrote it.',
    encoding,
    size,
    encodedPayload(encoded),
  );
}

/** Values that came in (arguments, details), each decoded as {@link decodePayload}; `what` names their owner. */
export function decodePayloads(values: readonly Payload[], what: string): unknown[] {
  return values.map((v, i) => decodePayload(v, `argument ${i + 1} of ${what}`));
}

/** A record of values (a memo), each decoded as {@link decodePayload}; `what` names the record. */
export function decodePayloadRecord(values: Readonly<Record<string, Payload>>, what: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(values)) out[key] = decodePayload(v, `${what} field ${key}`);
  return out;
}

/**
 * A value decoded where Rewind can, and left as its encoded payload where it cannot: for the details of a
 * failure, which must arrive whatever its details are.
 */
export function decodePayloadLeniently(value: Payload): unknown {
  const encoded = encodedPayloadOf(value);
  if (!encoded) return value;
  const decoded = decodeEncoded(encoded);
  return decoded.ok ? decoded.value : value;
}

/**
 * The one key of a value Rewind could not decode, as the worker hands it to the workflow runtime: the
 * refusal (its message names the value and its event), kept until the code reads the value. Replay must
 * not refuse a history for a value its code never reads (a codec's result it ignores).
 */
export const UNDECODABLE_KEY = '$rewind:undecodable';

/** What an undecodable value says: the refusal's message, the payload's encoding and size. */
export interface UndecodableFacts {
  message: string;
  encoding: string;
  size: number;
}

/** A value that came in, decoded as {@link decodePayload}, or, where Rewind cannot read it, the refusal to raise when code reads it. */
export function decodePayloadOrRefusal(value: Payload, what: string): Payload {
  try {
    return decodePayload(value, what) as Payload;
  } catch (err) {
    if (!(err instanceof PayloadEncodingError)) throw err;
    return { [UNDECODABLE_KEY]: { message: err.message, encoding: err.encoding, size: err.size } };
  }
}

/** The refusal a value holds (see {@link decodePayloadOrRefusal}), or undefined for any other value. */
export function undecodableOf(value: unknown): UndecodableFacts | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== UNDECODABLE_KEY) return undefined;
  const facts = (value as Record<string, JsonValue>)[UNDECODABLE_KEY];
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) return undefined;
  const { message, encoding, size } = facts;
  return typeof message === 'string' && typeof encoding === 'string' && typeof size === 'number' ? { message, encoding, size } : undefined;
}
