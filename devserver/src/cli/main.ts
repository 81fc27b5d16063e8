// `rewind`: finds the command named by the first words of the arguments and runs it.
import { helpText, parseFlags, UsageError, type CommandSpec } from './command';
import { namespaceCreate, namespaceDescribe, namespaceList } from './namespace';
import { scheduleCreate, scheduleDelete, scheduleDescribe, scheduleList, scheduleToggle, scheduleTrigger } from './schedule';
import { versionText } from '../version';
import { dev } from './dev';
import { searchAttributeCreate, searchAttributeList, searchAttributeRemove } from './search-attribute';
import { serverStart } from './server-start';
import { taskQueueDescribe, taskQueueList } from './task-queue';
import { unknownCommandText } from './unknown-command';
import { failureText } from './workflow-flags';
import { workflowCount, workflowDescribe, workflowList, workflowResult, workflowShow, workflowStack } from './workflow-read';
import {
  workflowCancel,
  workflowDelete,
  workflowExecute,
  workflowReset,
  workflowQuery,
  workflowSignal,
  workflowStart,
  workflowTerminate,
  workflowUpdate,
} from './workflow-write';

const COMMANDS: CommandSpec[] = [
  dev,
  serverStart,
  workflowList,
  workflowCount,
  workflowDescribe,
  workflowShow,
  workflowStart,
  workflowExecute,
  workflowResult,
  workflowSignal,
  workflowQuery,
  workflowUpdate,
  workflowCancel,
  workflowTerminate,
  workflowReset,
  workflowDelete,
  workflowStack,
  namespaceList,
  namespaceCreate,
  namespaceDescribe,
  scheduleCreate,
  scheduleList,
  scheduleDescribe,
  scheduleToggle,
  scheduleTrigger,
  scheduleDelete,
  taskQueueList,
  taskQueueDescribe,
  searchAttributeCreate,
  searchAttributeList,
  searchAttributeRemove,
];

function usage(commands: readonly CommandSpec[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.words.join(' ').length)) + 2;
  return [
    'Usage: rewind <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.words.join(' ').padEnd(width)}${c.summary}`),
    '',
    'Add --help to a command for its flags. Output is a table; --output json for scripts. `rewind --version` prints the version.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && ['--version', '-v', 'version'].includes(argv[0]!)) {
    process.stdout.write(versionText() + '\n');
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.words.every((w, i) => argv[i] === w));
  if (!cmd) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
      process.stdout.write(usage() + '\n');
      return 0;
    }
    // `rewind workflow` or `rewind workflow --help`: the verbs of that group.
    const group = COMMANDS.filter((c) => c.words[0] === argv[0]);
    if (group.length > 0 && (argv.length === 1 || argv[1] === '--help')) {
      process.stdout.write(usage(group) + '\n');
      return 0;
    }
    process.stderr.write(unknownCommandText(argv, COMMANDS) + '\n');
    return 1;
  }
  try {
    const { flags, positionals } = parseFlags(cmd, argv.slice(cmd.words.length));
    if (flags.help) {
      process.stdout.write(helpText(cmd) + '\n');
      return 0;
    }
    if (positionals.length > 0 && cmd !== serverStart) {
      throw new UsageError(`Unexpected argument ${positionals[0]}: values go after a flag (see rewind ${cmd.words.join(' ')} --help).`);
    }
    return (await cmd.run(flags, positionals)) ?? 0;
  } catch (err) {
    const message = process.env.REWIND_DEBUG && err instanceof Error ? (err.stack ?? err.message) : failureText(err);
    process.stderr.write(`Error: ${message}\n`);
    return 1;
  }
}
