// `rewind server start`: the durable server on one port (Rewind's protocol and Temporal's gRPC API), with its SQLite file.
import path from 'node:path';
import { DEFAULT_PORT } from '@rewind/sdk/protocol';
import { isLoopback } from '../api/bind-policy';
import { RewindServer } from '../server';
import { consoleLogger, type LogLevel } from '../service/logger';
import { SERVER_VERSION } from '../version';
import { authTokenFlag, serverAuthTokenOf } from './auth-token-flag';
import { UsageError, type CommandSpec } from './command';
import { listenAddressFromEnv } from './listen-address';

/** Shorter tokens get a warning when the server listens beyond this machine. */
const MIN_TOKEN_LENGTH = 16;

export const serverStart: CommandSpec = {
  words: ['server', 'start'],
  summary: "start the Rewind server (SQLite event log; Rewind's protocol and Temporal's gRPC API on one port)",
  details:
    'Without --port and --ip it listens where clients in this environment connect: REWIND_ADDRESS (else TEMPORAL_ADDRESS) ' +
    'if that is this machine, else 127.0.0.1:7233.',
  flags: {
    db: { type: 'string', description: 'Database file, or :memory:', default: '.rewind/rewind.db' },
    port: {
      type: 'string',
      description: 'Port to listen on (0: any free port; default the port of REWIND_ADDRESS or TEMPORAL_ADDRESS, else 7233)',
    },
    ip: {
      type: 'string',
      description: 'Address to listen on (default 127.0.0.1; not 127.0.0.1, ::1 or localhost: needs --auth-token)',
    },
    'auth-token': {
      ...authTokenFlag['auth-token'],
      description: 'Every client must send this token (env REWIND_AUTH_TOKEN); required to listen beyond this machine',
    },
    'log-level': { type: 'string', description: 'debug, info, warn or error', default: 'info' },
    'lease-grace-ms': {
      type: 'string',
      description: 'After a restart, how long tasks that were running wait for their worker to reconnect',
      default: '10000',
    },
  },
  async run(flags) {
    const level = String(flags['log-level']);
    if (!['debug', 'info', 'warn', 'error'].includes(level))
      throw new UsageError(`--log-level must be debug, info, warn or error, got ${level}`);
    const log = consoleLogger(level as LogLevel);
    // Neither --port nor --ip: the environment's address, if it is this machine. One of them: the other's default.
    const fromEnv = flags.port === undefined && flags.ip === undefined ? listenAddressFromEnv() : undefined;
    if (fromEnv?.note) log.warn(fromEnv.note);
    const port = fromEnv ? fromEnv.port : Number(flags.port ?? DEFAULT_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a number from 0 to 65535, got ${String(flags.port)}`);
    const leaseGraceMs = Number(flags['lease-grace-ms']);
    if (!Number.isInteger(leaseGraceMs) || leaseGraceMs < 0)
      throw new UsageError(`--lease-grace-ms must be a whole number of milliseconds, got ${String(flags['lease-grace-ms'])}`);
    const db = String(flags.db);
    const host = fromEnv ? fromEnv.host : String(flags.ip ?? '127.0.0.1');
    const authToken = serverAuthTokenOf(flags);
    // Without a token, RewindServer.start refuses such an address (and says how to pass one).
    if (!isLoopback(host) && authToken) {
      log.warn(
        `Listening on ${host}: anyone who can reach this address and has the auth token can start, signal and read your workflows ` +
          '(and the token travels unencrypted). Use --ip 127.0.0.1 unless you mean it.',
      );
      if (authToken.length < MIN_TOKEN_LENGTH)
        log.warn(`The auth token has only ${authToken.length} characters: use a long random one, e.g. \`openssl rand -hex 32\`.`);
    }
    const server = await RewindServer.start({ db, host, port, log, leaseGraceMs, ...(authToken ? { authToken } : {}) });
    const where = db === ':memory:' ? 'in memory (nothing is kept)' : path.resolve(db);
    process.stdout.write(
      `Rewind server ${SERVER_VERSION} listening on ${server.address}\nDatabase: ${where}\n${authToken ? 'Clients must send the auth token.\n' : ''}`,
    );
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.stdout.write('Stopping the Rewind server…\n');
        void server.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
