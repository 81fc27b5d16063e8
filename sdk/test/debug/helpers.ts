// Shared bits of the replay debugger's tests (the runtime's and the debug adapter's): golden histories,
// finding lines in source files, and order workflow code that no longer matches its history.
import fs from 'node:fs';
import os from 'node:os';
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

/**
 * A copy of the order workflow with the sleep and the inventory update swapped (in a new temp folder):
 * replaying the order history with it stops at the TimerStarted event. Returns the file and its folder.
 */
export function swappedOrderWorkflow(prefix: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'workflows.ts');
  const code = fs.readFileSync(ORDER_WORKFLOWS, 'utf8');
  const swapped = code.replace(
    /( *await sleep\(pause\);\n)( *await updateInventory\(orderId\);\n)/,
    (_all, sleep: string, update: string) => update + sleep,
  );
  if (swapped === code) throw new Error('The order sample no longer has the lines this test swaps.');
  fs.writeFileSync(file, swapped);
  return { dir, file };
}
