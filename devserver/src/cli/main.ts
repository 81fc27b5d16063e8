// `rewind`: finds the command named by the first words of the arguments and runs it.
import { helpText, parseFlags, UsageError, type CommandSpec } from './command';
import { serverStart } from './server-start';

const COMMANDS: CommandSpec[] = [serverStart];

function usage(): string {
  return [
    'Usage: rewind <command> [flags]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.words.join(' ').padEnd(24)}${c.summary}`),
    '',
    'Add --help to a command for its flags.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const cmd = COMMANDS.find((c) => c.words.every((w, i) => argv[i] === w));
  if (!cmd) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
      process.stdout.write(usage() + '\n');
      return 0;
    }
    process.stderr.write(`Unknown command: rewind ${argv.join(' ')}\n\n${usage()}\n`);
    return 1;
  }
  try {
    const { flags, positionals } = parseFlags(cmd, argv.slice(cmd.words.length));
    if (flags.help) {
      process.stdout.write(helpText(cmd) + '\n');
      return 0;
    }
    return (await cmd.run(flags, positionals)) ?? 0;
  } catch (err) {
    const message =
      err instanceof UsageError || (err instanceof Error && err.name !== 'Error')
        ? err.message
        : err instanceof Error
          ? (err.stack ?? err.message)
          : String(err);
    process.stderr.write(`Error: ${message}\n`);
    return 1;
  }
}
