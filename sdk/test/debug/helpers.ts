// Shared bits of the replay debugger's tests: golden histories and finding lines in source files.
import fs from 'node:fs';
import path from 'node:path';
import type { History } from '@rewind/sdk/protocol';

export const ORDER_WORKFLOWS = path.join(__dirname, '../../../samples/order/workflows.ts');
export const RETRY_WORKFLOWS = path.join(__dirname, 'fixtures/retry-workflows.ts');

/** A history recorded by scripts/record-debug-histories.ts. */
export function loadHistory(name: 'order' | 'retrying'): History {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'histories', `${name}.json`), 'utf8')) as History;
}

/** The 1-based line of `file` that contains `needle` (fails the test if none does). */
export function lineOf(file: string, needle: string): number {
  const line =
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1;
  if (line === 0) throw new Error(`${file} has no line with ${JSON.stringify(needle)}`);
  return line;
}
