// What the Start / Signal / Update input boxes accept: the arguments as a JSON array. A mistake is
// told with its line and column, before anything is sent.
export type ArgsCheck = { ok: true; args: unknown[] } | { ok: false; message: string };

export function checkArgsJson(text: string): ArgsCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, args: [] };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const where = at ? ` at ${lineColumn(trimmed, Number(at[1]))}` : '';
    const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
    return { ok: false, message: `Not JSON${where}: ${what}. Write the arguments as a JSON array, e.g. ["order-1", 2].` };
  }
  if (!Array.isArray(value)) {
    return {
      ok: false,
      message: `The arguments must be a JSON array (one element per argument): [${JSON.stringify(value)}] passes this as the only argument.`,
    };
  }
  return { ok: true, args: value };
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
