// The `rewind-temporal-server` executable: a Rewind server started as Temporal's SDKs start their dev
// server or test server for tests (`executable: { type: 'existing-path' }`), in this one process, its
// database in memory unless --db-filename. It stops on SIGTERM/SIGINT, dies whole on SIGKILL (what
// sdk-core sends), and stops by itself when the process that started it is gone: nothing is left behind.
import { RewindServer } from '../server';
import { consoleLogger, silentLogger } from '../service/logger';
import { parseTemporalServerArgs, TemporalServerArgsError, type TemporalServerArgs } from './temporal-server-args';

/** How often it looks whether the process that started it is still there. */
const PARENT_CHECK_MS = 1000;

/** `parent`: the process that started this one, read as early as can be (it may be gone by the time the server listens). */
export async function temporalServerMain(argv: readonly string[], parent = process.ppid): Promise<number> {
  let args: TemporalServerArgs;
  try {
    args = parseTemporalServerArgs(argv);
  } catch (err) {
    if (!(err instanceof TemporalServerArgsError)) throw err;
    process.stderr.write(`rewind-temporal-server: ${err.message}\n`);
    return 2;
  }
  const log = args.logLevel ? consoleLogger(args.logLevel) : silentLogger;
  let server: RewindServer;
  try {
    server = await RewindServer.start({
      db: args.db,
      host: args.host,
      port: args.port,
      log,
      leaseGraceMs: 0,
      ...(args.timeSkipping ? { timeSkipping: args.timeSkipping } : {}),
    });
  } catch (err) {
    process.stderr.write(`rewind-temporal-server: could not start on ${args.host}:${args.port}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    if (args.namespace !== 'default' && !server.service.namespaces.list().some((n) => n.name === args.namespace))
      await server.service.namespaces.register(args.namespace);
    if (args.searchAttributes.length)
      await server.service.searchAttributes.add({ namespace: args.namespace, attributes: args.searchAttributes });
  } catch (err) {
    process.stderr.write(`rewind-temporal-server: could not set up namespace ${args.namespace}: ${(err as Error).message}\n`);
    await server.close();
    return 1;
  }
  log.info(`Rewind as Temporal's ${args.kind} on ${server.address}${args.timeSkipping ? ' (time skipping)' : ''}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      clearInterval(watch);
      void server.close().then(resolve, resolve);
    };
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop();
    }, PARENT_CHECK_MS);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (process.ppid !== parent) stop();
  });
  return 0;
}
