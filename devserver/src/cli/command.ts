// How a CLI command is described: its words, its flags, and what it runs. `--help` is made from this.
import { parseArgs } from 'node:util';
import { closestMatches } from './did-you-mean';

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  default?: string | boolean;
  short?: string;
  /** May be given several times (`--input 1 --input 2`): the value is a list. */
  multiple?: boolean;
  required?: boolean;
}

export type FlagValue = string | boolean | string[] | undefined;
export type Flags = Record<string, FlagValue>;

export interface CommandSpec {
  /** The words that name it: ['server', 'start']. */
  words: string[];
  summary: string;
  /** Longer help: what it does, with an example. */
  details?: string;
  flags: Record<string, FlagSpec>;
  run(flags: Flags, positionals: string[]): Promise<number | void>;
}

/** An error in what the user typed: printed without a stack, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function helpText(cmd: CommandSpec): string {
  const lines = [`rewind ${cmd.words.join(' ')} — ${cmd.summary}`];
  if (cmd.details) lines.push('', cmd.details);
  lines.push('', 'Flags:');
  for (const [name, f] of Object.entries(cmd.flags)) {
    const arg = f.type === 'string' ? ` <value>` : '';
    const short = f.short ? `-${f.short}, ` : '';
    const notes = [
      f.required ? 'required' : '',
      f.multiple ? 'repeatable' : '',
      f.default !== undefined ? `default ${String(f.default)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${short}--${name}${arg}`.padEnd(32) + `${f.description}${notes ? ` (${notes})` : ''}`);
  }
  lines.push('  --help'.padEnd(32) + 'Show this help');
  return lines.join('\n');
}

/**
 * The short usage printed after a mistake in what was typed (not the whole help): the command with its
 * required flags, and where its other flags are listed.
 */
export function shortUsage(cmd: CommandSpec): string {
  const name = `rewind ${cmd.words.join(' ')}`;
  const required = Object.entries(cmd.flags)
    .filter(([, f]) => f.required)
    .map(([flag, f]) => `--${flag}${f.type === 'string' ? ' <value>' : ''}`);
  return [`Usage: ${[name, ...required, '[flags]'].join(' ')}`, `See \`${name} --help\` for its flags.`].join('\n');
}

/** "Unknown flag --querry. Did you mean --query?" for a flag the command does not have. */
function unknownFlagMessage(cmd: CommandSpec, typed: string): string {
  const long = ['help', ...Object.keys(cmd.flags)];
  const guesses = typed.startsWith('--') ? closestMatches(typed.slice(2).split('=')[0]!, long).map((f) => `--${f}`) : [];
  const guess = guesses.length > 0 ? ` Did you mean ${guesses.join(' or ')}?` : '';
  return `Unknown flag ${typed}.${guess}`;
}

export function parseFlags(cmd: CommandSpec, args: string[]): { flags: Flags; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { help: { type: 'boolean' } };
  for (const [name, f] of Object.entries(cmd.flags)) {
    options[name] = { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const unknown = /Unknown option '([^']+)'/.exec((err as Error).message);
    const message = unknown ? unknownFlagMessage(cmd, unknown[1]!) : (err as Error).message;
    throw new UsageError(`${message}\n${shortUsage(cmd)}`);
  }
  const flags: Flags = {};
  for (const [name, f] of Object.entries(cmd.flags)) flags[name] = (parsed.values[name] as FlagValue) ?? f.default;
  flags.help = parsed.values.help as boolean | undefined;
  if (!flags.help) {
    const missing = Object.entries(cmd.flags).filter(([name, f]) => f.required && flags[name] === undefined);
    if (missing.length > 0) {
      throw new UsageError(`Missing ${missing.map(([name]) => `--${name}`).join(', ')}.\n${shortUsage(cmd)}`);
    }
  }
  return { flags, positionals: parsed.positionals };
}

/** A string flag's value (the last one if given twice). */
export function str(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  if (Array.isArray(v)) return v.at(-1);
  return typeof v === 'string' ? v : undefined;
}

/** A string flag that must be there (required flags are checked when parsed). */
export function req(flags: Flags, name: string): string {
  const v = str(flags, name);
  if (v === undefined) throw new UsageError(`Missing --${name}.`);
  return v;
}

/** A repeatable flag's values. */
export function list(flags: Flags, name: string): string[] {
  const v = flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** A whole number flag (`--limit 10`). */
export function int(flags: Flags, name: string, min = 0): number | undefined {
  const v = str(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got ${v}.`);
  return n;
}
