// How a CLI command is described: its words, its flags, and what it runs. `--help` is made from this.
import { parseArgs } from 'node:util';

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  default?: string | boolean;
  short?: string;
}

export interface CommandSpec {
  /** The words that name it: ['server', 'start']. */
  words: string[];
  summary: string;
  flags: Record<string, FlagSpec>;
  run(flags: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
}

/** An error in what the user typed: printed without a stack, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function helpText(cmd: CommandSpec): string {
  const lines = [`rewind ${cmd.words.join(' ')} — ${cmd.summary}`, '', 'Flags:'];
  for (const [name, f] of Object.entries(cmd.flags)) {
    const arg = f.type === 'string' ? ` <value>` : '';
    const def = f.default !== undefined ? ` (default ${String(f.default)})` : '';
    lines.push(`  --${name}${arg}`.padEnd(28) + `${f.description}${def}`);
  }
  lines.push('  --help'.padEnd(28) + 'Show this help');
  return lines.join('\n');
}

export function parseFlags(
  cmd: CommandSpec,
  args: string[],
): { flags: Record<string, string | boolean | undefined>; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean' } };
  for (const [name, f] of Object.entries(cmd.flags)) options[name] = { type: f.type, ...(f.short ? { short: f.short } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const unknown = /Unknown option '([^']+)'/.exec((err as Error).message);
    const message = unknown ? `Unknown flag ${unknown[1]}.` : (err as Error).message;
    throw new UsageError(`${message}\n\n${helpText(cmd)}`);
  }
  const flags: Record<string, string | boolean | undefined> = {};
  for (const [name, f] of Object.entries(cmd.flags)) flags[name] = (parsed.values[name] as string | boolean | undefined) ?? f.default;
  flags.help = parsed.values.help as boolean | undefined;
  return { flags, positionals: parsed.positionals };
}
