// Turning values into payloads (JSON) with an error that says which value could not be sent and why.
import { utf8Bytes } from '../protocol/utf8-bytes';
import { MAX_PAYLOAD_BYTES } from '../protocol/messages';
import type { JsonValue, Payload } from '../protocol/payload';
import { ValueError } from './errors';

/** The value as the other side will see it after JSON (Dates become strings, functions vanish). */
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
  return JSON.parse(text) as Payload;
}

/** Payloads of a list of values: `owner` names what they belong to ('workflow order', 'signal approve'). */
export function toPayloads(values: readonly unknown[], owner: string): JsonValue[] {
  return values.map((value, i) => {
    const payload = toPayload(value, `argument ${i + 1} of ${owner}`);
    return payload === undefined ? null : payload;
  });
}
