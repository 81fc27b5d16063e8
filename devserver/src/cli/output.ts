// What commands print: a readable table or key/value block by default, JSON with `--output json`.
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import type { Flags } from './command';
import { UsageError } from './command';

export type OutputFormat = 'table' | 'json';

export const outputFlag = {
  output: { type: 'string' as const, short: 'o', description: 'table or json', default: 'table' },
};

export function outputFormat(flags: Flags): OutputFormat {
  const v = flags.output;
  if (v === 'table' || v === 'json') return v;
  throw new UsageError(`--output must be table or json, got ${String(v)}.`);
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Rows as aligned columns under upper-case headers; `(none)` when there are no rows. */
export function printTable<R>(rows: readonly R[], columns: ReadonlyArray<[header: string, cell: (row: R) => string]>): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const cells = rows.map((r) => columns.map(([, cell]) => oneLine(cell(r))));
  const widths = columns.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  process.stdout.write([line(columns.map(([h]) => h.toUpperCase())), ...cells.map(line)].join('\n') + '\n');
}

/** Labelled values, one per line, labels aligned; undefined values are left out. */
export function printFields(fields: ReadonlyArray<[label: string, value: string | undefined]>): void {
  const shown = fields.filter((f): f is [string, string] => f[1] !== undefined);
  const width = Math.max(...shown.map(([l]) => l.length));
  process.stdout.write(shown.map(([l, v]) => `${l.padEnd(width)}  ${v}`).join('\n') + '\n');
}

/**
 * A value as compact JSON for a table cell or a field; an encoded payload in it decoded, or shown as what it
 * is (`‹binary/plain, 12 bytes›`, `‹binary/encrypted, 40 bytes: decode with your codec›`).
 */
export function brief(value: unknown, max = 80): string {
  const text = displayJson(value) ?? '';
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
