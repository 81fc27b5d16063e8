// `rewind dev`: runs the workflows of the project in this folder (or the nearest above it with a Rewind
// configuration), and reloads them safely on change.
import path from 'node:path';
import { DEFAULT_PORT } from '@rewind/sdk/protocol';
import { consoleLogger } from '../service/logger';
import { authTokenFlag, authTokenOf } from './auth-token-flag';
import { int, str, type CommandSpec } from './command';

export const dev: CommandSpec = {
  words: ['dev'],
  summary: "run this project's workflows (server + worker), rebuild on change, and check open workflows replay first",
  details: 'Reads workflowsPath, activities and taskQueue from rewind.config.json, rewind.config.ts or the "rewind" field of package.json.',
  flags: {
    dir: {
      type: 'string',
      description: 'The project folder (default: the nearest folder with a Rewind configuration, from this one up)',
    },
    port: { type: 'string', description: 'Port of the server (0: any free port)', default: String(DEFAULT_PORT) },
    db: { type: 'string', description: 'Database file, or :memory: (default <dir>/.rewind/rewind.db)' },
    'auth-token': {
      ...authTokenFlag['auth-token'],
      description: 'Every client must send this token (env REWIND_AUTH_TOKEN); the worker of rewind dev sends it',
    },
  },
  async run(flags) {
    // Loaded here: the other commands do not need the bundler and the worker.
    const { findProjectDir, loadDevConfig, searchStart } = require('../dev/dev-config') as typeof import('../dev/dev-config');
    const { DevSession } = require('../dev/dev-session') as typeof import('../dev/dev-session');
    const config = await loadDevConfig(str(flags, 'dir') ?? findProjectDir(searchStart()));
    const port = int(flags, 'port', 0)!;
    const db = str(flags, 'db') ?? path.join(config.root, '.rewind', 'rewind.db');
    const authToken = authTokenOf(flags);
    const session = await DevSession.start({
      config,
      port,
      db,
      ...(authToken ? { authToken } : {}),
      print: (line) => process.stdout.write(line + '\n'),
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
