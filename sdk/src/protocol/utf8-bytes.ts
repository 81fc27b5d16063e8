// The size of text on the wire, in UTF-8 bytes (what the limits count), with or without Node's Buffer.
const nodeBuffer = (globalThis as { Buffer?: { byteLength(text: string, encoding: 'utf8'): number } }).Buffer;

/** The size of `text` on the wire: its UTF-8 bytes (what the limits count). */
export function utf8Bytes(text: string): number {
  return nodeBuffer ? nodeBuffer.byteLength(text, 'utf8') : countUtf8Bytes(text);
}

/** UTF-8 bytes counted by hand, for workflow code (it has no Buffer). */
export function countUtf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Up to U+07FF: two bytes; the rest of the BMP: three; a surrogate pair (two units): four.
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}
