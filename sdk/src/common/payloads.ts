// Turning values into payloads (JSON) with an error that says which value could not be sent and why.
import { utf8Bytes } from '../protocol/utf8-bytes';
import { MAX_PAYLOAD_BYTES } from '../protocol/messages';
import { encodedPayload, encodedPayloadOf, type JsonValue, type Payload } from '../protocol/payload';
import { bytesBase64, textUtf8 } from './base64-utf8';
import { ValueError } from './errors';

const JSON_PLAIN = bytesBase64(textUtf8('json/plain'));

/**
 * A value as a payload: what the other side sees after JSON (a `Date` becomes its ISO string, functions
 * and `undefined` fields vanish). Arguments, results, details, memos and search attributes all travel so.
 *
 * @param what names the value in the error ("argument 1 of workflow orderWorkflow").
 * @throws ValueError if the value is not JSON-serialisable (a `BigInt`, a cycle) or larger than 4 MB as
 *   JSON, saying which value and what to do.
 */
export function toPayload(value: unknown, what: string): Payload {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new ValueError(
      `Cannot send ${what}: ${(err as Error).message}. Arguments and results travel as JSON: pass plain objects, arrays, strings, numbers, booleans or null (convert a BigInt with String(), break cycles).`,
      { cause: err },
    );
  }
  if (text === undefined) return undefined;
  const bytes = utf8Bytes(text);
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new ValueError(
      `Cannot send ${what}: it is ${(bytes / 1048576).toFixed(1)} MB as JSON, and one value may be at most ${MAX_PAYLOAD_BYTES / 1048576} MB. ` +
        'Keep large data elsewhere (a file, a bucket, a database) and pass a reference to it.',
    );
  }
  const payload = JSON.parse(text) as JsonValue;
  // A value that looks like an encoded payload would be read as one: it travels as a json/plain payload instead.
  return encodedPayloadOf(payload) ? encodedPayload({ metadata: { encoding: JSON_PLAIN }, data: bytesBase64(textUtf8(text)) }) : payload;
}

/**
 * Payloads of a list of values (`undefined` becomes `null`, as in a JSON array).
 *
 * @param owner names what they belong to in errors ('workflow order', 'signal approve').
 * @throws ValueError as {@link toPayload}.
 */
export function toPayloads(values: readonly unknown[], owner: string): JsonValue[] {
  return values.map((value, i) => {
    const payload = toPayload(value, `argument ${i + 1} of ${owner}`);
    return payload === undefined ? null : payload;
  });
}
