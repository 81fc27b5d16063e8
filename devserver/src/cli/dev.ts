// `rewind dev`: runs the workflows of the project in this folder (or the nearest above it with a Rewind
// configuration), and reloads them safely on change.
import path from 'node:path';
import { findProjectDir } from '@rewind/sdk/internal/project/project-config';
import { envNamespace, fromEnv } from '@rewind/sdk/internal/transport/env-config';
import { consoleLogger } from '../service/logger';
import { authTokenFlag, serverAuthTokenOf } from './auth-token-flag';
import { int, str, type CommandSpec } from './command';
import { listenAddressFromEnv } from './listen-address';

export const dev: CommandSpec = {
  words: ['dev'],
  summary: "run this project's workflows (server + worker), rebuild on change, and check open workflows replay first",
  details:
    'Reads workflowsPath, activities and taskQueue from rewind.config.json, rewind.config.ts or the "rewind" field of package.json;\n' +
    "without those, a Temporal project's from its source: the options of @temporalio/worker's Worker.create.\n" +
    'Without --port it listens where clients in this environment connect: the port of REWIND_ADDRESS (else TEMPORAL_ADDRESS) if that is this machine, else 7233.',
  flags: {
    dir: {
      type: 'string',
      description: 'The project folder (default: the nearest folder with a Rewind configuration, from this one up)',
    },
    port: {
      type: 'string',
      description: 'Port of the server (0: any free port; default the port of REWIND_ADDRESS or TEMPORAL_ADDRESS, else 7233)',
    },
    'task-queue': {
      type: 'string',
      description: "Of a Temporal project's several Worker.create calls (no Rewind configuration), the one of this task queue",
    },
    worker: {
      type: 'string',
      description: "Of a Temporal project's several Worker.create calls (no Rewind configuration), the one in this file",
    },
    db: { type: 'string', description: 'Database file, or :memory: (default <dir>/.rewind/rewind.db)' },
    'auth-token': {
      ...authTokenFlag['auth-token'],
      description: 'Every client must send this token (env REWIND_AUTH_TOKEN); the worker of rewind dev sends it',
    },
  },
  async run(flags) {
    // Loaded here: the other commands do not need the bundler and the worker.
    const { loadDevConfig, searchStart } = require('../dev/dev-config') as typeof import('../dev/dev-config');
    const { DevSession } = require('../dev/dev-session') as typeof import('../dev/dev-session');
    const print = (line: string): void => void process.stdout.write(line + '\n');
    const taskQueue = str(flags, 'task-queue');
    const worker = str(flags, 'worker');
    const choice = { ...(taskQueue === undefined ? {} : { taskQueue }), ...(worker === undefined ? {} : { worker: path.resolve(worker) }) };
    const config = await loadDevConfig(str(flags, 'dir') ?? findProjectDir(searchStart()), choice);
    const fromEnv = flags.port === undefined ? listenAddressFromEnv() : undefined;
    if (fromEnv?.note) print(fromEnv.note);
    // rewind dev listens on 127.0.0.1: an IPv6 loopback address in the variable is not where it is.
    if (fromEnv?.variable && fromEnv.host === '::1') {
      print(`${fromEnv.variable} names [::1]; rewind dev listens on 127.0.0.1: set it to 127.0.0.1:${fromEnv.port} for clients.`);
    }
    const port = fromEnv?.port ?? int(flags, 'port', 0)!;
    const db = str(flags, 'db') ?? path.join(config.root, '.rewind', 'rewind.db');
    const authToken = serverAuthTokenOf(flags);
    warnOfOtherNamespace(config.namespace, print);
    const session = await DevSession.start({
      config,
      choice,
      port,
      db,
      ...(authToken ? { authToken } : {}),
      print,
      serverLog: consoleLogger('warn'),
    });
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.stdout.write('Stopping…\n');
        void session.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    process.stdout.write('Stopped.\n');
  },
};

/**
 * The worker of rewind dev uses the project's namespace; clients of this environment that name none use
 * REWIND_NAMESPACE / TEMPORAL_NAMESPACE. When those differ, workflows they start would wait in vain: say so.
 */
function warnOfOtherNamespace(projectNamespace: string, print: (line: string) => void): void {
  const found = fromEnv('namespace');
  if (!found || envNamespace() === projectNamespace) return;
  print(
    `${found.variable} is '${found.value}', but this project's workflows run in namespace '${projectNamespace}' ` +
      `(the "namespace" of its Rewind configuration): clients that read ${found.variable} will not reach them.`,
  );
}
