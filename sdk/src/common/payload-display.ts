// Values as JSON text for people (the CLI, the extension's views and hovers): plain JSON as it is, an
// encoded payload decoded where Rewind can (json/plain, binary/null), and any other shown as what it is,
// `‹binary/protobuf, 123 bytes: decode with your codec›`, unquoted, wherever it sits in the value.
import { encodedPayloadOf, type Payload } from '../protocol/payload';
import { decodePayloadLeniently, undecodedPayloadText } from './payload-decoding';

/** Marks a placeholder among JSON strings, to unquote it after stringifying (NUL is written `\u0000`). */
const MARK = '\u0000';
const MARKED = /"\\u0000(‹[^"\\]*›)"/g;

function replacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !encodedPayloadOf(value as Payload)) return value;
  const text = undecodedPayloadText(value as Payload);
  return text !== undefined ? MARK + text : decodePayloadLeniently(value as Payload);
}

/**
 * A value as JSON text for people, as `JSON.stringify(value, null, indent)` writes it, with each encoded
 * payload in it decoded or shown as what it is. Undefined for undefined (and for a binary/null payload).
 */
export function displayJson(value: unknown, indent?: number): string | undefined {
  const text = JSON.stringify(value, replacer, indent);
  return text === undefined ? undefined : text.replace(MARKED, '$1');
}
