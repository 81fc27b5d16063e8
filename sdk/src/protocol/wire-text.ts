// Text as the server takes it: valid Unicode (no half of a surrogate pair, which SQLite's UTF-8 cannot
// keep), and not longer than its field allows. Free text an SDK sends (an error's message or stack)
// is made so, rather than have the server refuse what a workflow or activity reports.

/** Half of a UTF-16 surrogate pair without the other half. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** `text` with lone surrogates replaced (U+FFFD) and cut to `max` characters, saying how much was cut. */
export function toWireText(text: string, max: number): string {
  const clean = LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\ufffd') : text;
  if (clean.length <= max) return clean;
  const note = ` … (${clean.length - max} characters cut)`;
  return clean.slice(0, Math.max(0, max - note.length)).replace(LONE_SURROGATES, '') + note;
}
