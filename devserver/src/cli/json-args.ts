// Arguments given on the command line as JSON (`--input '{"id": 1}'`), checked before anything is sent.
import fs from 'node:fs';
import { UsageError } from './command';

/** Each `--input` is one argument, as JSON; `--input-file` holds a JSON array of them. */
export function parseInputs(inputs: readonly string[], inputFile?: string): unknown[] {
  if (inputFile !== undefined) {
    if (inputs.length > 0) throw new UsageError('Give --input or --input-file, not both.');
    let text: string;
    try {
      text = fs.readFileSync(inputFile, 'utf8');
    } catch (err) {
      throw new UsageError(`Cannot read --input-file ${inputFile}: ${(err as Error).message}`);
    }
    const value = parseJson(text, `--input-file ${inputFile}`);
    if (!Array.isArray(value)) throw new UsageError(`--input-file ${inputFile} must hold a JSON array of the arguments, e.g. ["a", 2].`);
    return value;
  }
  return inputs.map((text, i) => parseJson(text, inputs.length > 1 ? `--input #${i + 1}` : '--input'));
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(
      `${what} is not valid JSON (${(err as Error).message}): ${text.length > 60 ? text.slice(0, 60) + '…' : text}\n` +
        `Each argument is one JSON value: --input '{"orderId": "o-1"}' --input 3 --input '"a string"'.`,
    );
  }
}

/** `KEY=JSON` pairs (`--search-attribute 'Customer="acme"'`) as an object; a value that is not JSON is taken as a string. */
export function parseKeyValues(pairs: readonly string[], flag: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag} takes KEY=VALUE, got ${pair}.`);
    const raw = pair.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    out[pair.slice(0, eq)] = value;
  }
  return out;
}
