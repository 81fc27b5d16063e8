// The arguments Temporal's SDKs pass to the server they start for tests (sdk-core's ephemeral server),
// read into what a Rewind server needs: `server start-dev …` (TestWorkflowEnvironment.createLocal, the
// CLI's dev server flags) or `<port> [--enable-time-skipping]` (createTimeSkipping, the test server's).
import { SEARCH_ATTRIBUTE_TYPE_NAMES, type SearchAttributeTypeName } from '@rewind/sdk/protocol';
import type { LogLevel } from '../service/logger';

export interface TemporalServerArgs {
  kind: 'dev-server' | 'test-server';
  host: string;
  port: number;
  namespace: string;
  /** A database file (the dev server's --db-filename), else in memory. */
  db: string;
  /** undefined: no log at all (Temporal's `never`). */
  logLevel: LogLevel | undefined;
  /** Custom search attributes to register in the namespace (the dev server's --search-attribute name=Type). */
  searchAttributes: { name: string; type: SearchAttributeTypeName }[];
  /** Time skipping: the test server's, locked at start unless --enable-time-skipping. */
  timeSkipping: 'locked' | 'unlocked' | undefined;
}

/** Arguments the executable cannot take: what is wrong, and what it takes. */
export class TemporalServerArgsError extends Error {
  override readonly name = 'TemporalServerArgsError';
}

const USAGE =
  "rewind-temporal-server takes the arguments Temporal's TestWorkflowEnvironment passes: `server start-dev --port <port> " +
  '[--namespace <ns>] [--ip <ip>] [--db-filename <file>] [--log-format <f>] [--log-level <level>] [--headless] ' +
  '[--dynamic-config-value <k=v>] [--search-attribute <name=Type>]` (createLocal) or `<port> [--enable-time-skipping]` (createTimeSkipping).';

const LOG_LEVELS: Readonly<Record<string, LogLevel | undefined>> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'error',
  never: undefined,
};

function port(text: string | undefined, what: string): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n > 65535)
    throw new TemporalServerArgsError(`${what} must be a port number from 0 to 65535, got ${text ?? 'nothing'}. ${USAGE}`);
  return n;
}

export function parseTemporalServerArgs(argv: readonly string[]): TemporalServerArgs {
  if (argv[0] === 'server' && argv[1] === 'start-dev') return devServerArgs(argv.slice(2));
  if (argv.length >= 1 && /^\d+$/.test(argv[0]!)) return testServerArgs(argv);
  throw new TemporalServerArgsError(`Unknown arguments: ${argv.length ? argv.join(' ') : '(none)'}. ${USAGE}`);
}

function testServerArgs(argv: readonly string[]): TemporalServerArgs {
  const extra = argv.slice(1);
  if (extra.length > 1 || (extra.length === 1 && extra[0] !== '--enable-time-skipping'))
    throw new TemporalServerArgsError(
      `Unknown flag ${extra.join(' ')}: the test server takes only --enable-time-skipping after its port. ${USAGE}`,
    );
  return {
    kind: 'test-server',
    host: '127.0.0.1',
    port: port(argv[0], 'The test server port'),
    namespace: 'default',
    db: ':memory:',
    logLevel: 'warn',
    searchAttributes: [],
    timeSkipping: extra.length ? 'unlocked' : 'locked',
  };
}

function devServerArgs(argv: readonly string[]): TemporalServerArgs {
  const args: TemporalServerArgs = {
    kind: 'dev-server',
    host: '127.0.0.1',
    port: 7233,
    namespace: 'default',
    db: ':memory:',
    logLevel: 'warn',
    searchAttributes: [],
    timeSkipping: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--headless') continue;
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new TemporalServerArgsError(`${flag} needs a value. ${USAGE}`);
    switch (flag) {
      case '--port':
      case '-p':
        args.port = port(value, '--port');
        break;
      case '--namespace':
      case '-n':
        args.namespace = value;
        break;
      case '--ip':
        args.host = value;
        break;
      case '--db-filename':
      case '-f':
        args.db = value;
        break;
      case '--log-format':
        if (!['pretty', 'json', 'text'].includes(value))
          throw new TemporalServerArgsError(`--log-format must be pretty, json or text, got ${value}.`);
        break;
      case '--log-level':
        if (!Object.prototype.hasOwnProperty.call(LOG_LEVELS, value))
          throw new TemporalServerArgsError(`--log-level must be one of ${Object.keys(LOG_LEVELS).join(', ')}, got ${value}.`);
        args.logLevel = LOG_LEVELS[value];
        break;
      // Temporal's server settings: Rewind has them on (version checks off, updates on), or has no such setting.
      case '--dynamic-config-value':
        if (!value.includes('=')) throw new TemporalServerArgsError(`--dynamic-config-value takes key=value, got ${value}.`);
        break;
      case '--search-attribute': {
        const at = value.indexOf('=');
        const type = SEARCH_ATTRIBUTE_TYPE_NAMES.find((t) => t === value.slice(at + 1));
        if (at < 1 || !type)
          throw new TemporalServerArgsError(
            `--search-attribute takes name=Type, Type one of ${SEARCH_ATTRIBUTE_TYPE_NAMES.join(', ')}; got ${value}.`,
          );
        args.searchAttributes.push({ name: value.slice(0, at), type });
        break;
      }
      case '--ui-port':
        throw new TemporalServerArgsError(
          'Rewind has no web UI (--ui-port): leave ui and uiPort unset; see runs with `rewind workflow list` or the VS Code extension.',
        );
      default:
        throw new TemporalServerArgsError(`Unknown flag ${flag}. ${USAGE}`);
    }
  }
  return args;
}
