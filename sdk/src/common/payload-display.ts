// Values as JSON text for people (the CLI, the extension's views and hovers): plain JSON as it is, an
// encoded payload decoded where Rewind can (json/plain, binary/null), and any other shown as what it is,
// unquoted, wherever it sits in the value: an encoding of Temporal's default converter by what it holds
// (`‹binary/plain, 4 bytes›`, `‹json/protobuf, 120 bytes: a protobuf message›`), any other as a codec's,
// `‹binary/encrypted, 123 bytes: decode with your codec›`.
import { encodedPayloadOf, type Payload } from '../protocol/payload';
import { decodePayloadLeniently, encodedPayloadFacts, type EncodedPayloadFacts } from './payload-decoding';

/** Marks a placeholder among JSON strings, to unquote it after stringifying (NUL is written `\u0000`). */
const MARK = '\u0000';
const MARKED = /"\\u0000(‹[^"\\]*›)"/g;

/**
 * What a payload of an encoding of Temporal's default payload converter holds, when Rewind does not
 * decode it ('' says nothing more than its size: raw bytes). Every other encoding is a codec's.
 */
const CONVERTER_ENCODINGS: Readonly<Record<string, string>> = {
  'binary/plain': '',
  'json/protobuf': 'a protobuf message',
  'binary/protobuf': 'a protobuf message',
  'json/plain': 'not valid JSON',
};

/** An encoded payload that Rewind does not decode, as text for people: its encoding, its size, and what it is. */
function undecodedText(facts: EncodedPayloadFacts): string {
  // The encoding is the writer's text: keep it to one printable line.
  const encoding = facts.encoding.replace(/[^\x20-\x7e]|["\\]/g, '?') || 'no encoding';
  const known = Object.prototype.hasOwnProperty.call(CONVERTER_ENCODINGS, facts.encoding) ? CONVERTER_ENCODINGS[facts.encoding] : undefined;
  const what = known === undefined ? 'decode with your codec' : known;
  return `‹${encoding}, ${facts.size} bytes${what ? `: ${what}` : ''}›`;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const encoded = encodedPayloadOf(value as Payload);
  if (!encoded) return value;
  // The payload itself comes back when Rewind cannot read it.
  const decoded = decodePayloadLeniently(value as Payload);
  return decoded === value ? MARK + undecodedText(encodedPayloadFacts(encoded)) : decoded;
}

/**
 * A value as JSON text for people, as `JSON.stringify(value, null, indent)` writes it, with each encoded
 * payload in it decoded or shown as what it is. Undefined for undefined (and for a binary/null payload).
 */
export function displayJson(value: unknown, indent?: number): string | undefined {
  const text = JSON.stringify(value, replacer, indent);
  return text === undefined ? undefined : text.replace(MARKED, '$1');
}
