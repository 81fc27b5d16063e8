// `npm start`: the Rewind server (database in .rewind/) and a worker running the samples, in one
// terminal; how to start a sample is printed last, apart from the logs. Ctrl-C stops both. The server
// listens on 127.0.0.1:7233, on the port of `npm start -- --port <port>` or REWIND_PORT, or where
// REWIND_ADDRESS / TEMPORAL_ADDRESS say (as `rewind server start` decides without --port).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const children = [];

function run(name, args, env, ready) {
  // Own process group: Ctrl-C reaches only this script, which stops the worker first, then the server.
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  /** Resolves with the ready line's match once it is printed. */
  children.push(child);
  let pending = '';
  let isReady = false;
  return new Promise((resolve, reject) => {
    const onData = (data) => {
      pending += data.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        process.stdout.write(`[${name}] ${line}\n`);
        const match = isReady ? null : ready.exec(line);
        if (match) {
          isReady = true;
          resolve(match);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      if (pending) process.stdout.write(`[${name}] ${pending}\n`);
      if (!isReady) reject(new Error(`${name} exited (${signal ?? code}) before it was ready`));
      else if (!stopping) {
        process.stdout.write(`[${name}] exited (${signal ?? code}); stopping.\n`);
        stop(1);
      }
    });
  });
}

let stopping = false;
const running = (c) => c.exitCode === null && c.signalCode === null;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // The worker first (it finishes what it runs and tells the server), then the server.
  const [server, worker] = children;
  const exited = (c) => (c && running(c) ? new Promise((r) => c.once('exit', r)) : Promise.resolve());
  if (worker && running(worker)) worker.kill('SIGINT');
  Promise.race([exited(worker), new Promise((r) => setTimeout(r, 5000))])
    .then(() => {
      if (server && running(server)) server.kill('SIGINT');
      return Promise.race([exited(server), new Promise((r) => setTimeout(r, 5000))]);
    })
    .then(() => {
      for (const c of children) if (running(c)) c.kill('SIGKILL');
      process.exit(code);
    });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('exit', () => {
  for (const c of children) if (running(c)) c.kill('SIGKILL');
});

try {
  // `npm start -- --port 7300` as `rewind server start --port 7300` (the server's port-in-use message names it).
  const portArg = process.argv.indexOf('--port');
  const portValue = portArg >= 0 ? process.argv[portArg + 1] : process.env.REWIND_PORT;
  const port = portValue ? ['--port', portValue] : [];
  const [, address] = await run(
    'server',
    [path.join(root, 'devserver/bin/rewind.js'), 'server', 'start', '--db', path.join(root, '.rewind/rewind.db'), ...port],
    {},
    /listening on (\S+)/,
  );
  // Ready once every sample's worker runs: their start-up lines are then all above the hint.
  await run(
    'worker',
    ['--import', 'tsx', path.join(root, 'samples/worker.ts')],
    { REWIND_ADDRESS: address },
    /All samples' workers are running/,
  );
  const rule = '─'.repeat(72);
  process.stdout.write(
    [
      '',
      rule,
      `  Rewind is running on ${address} with the samples' worker.`,
      '  Start a sample workflow from another terminal:',
      '',
      `    ${address === '127.0.0.1:7233' ? '' : `REWIND_ADDRESS=${address} `}npm run sample:order -- my-first-order`,
      '',
      '  Ctrl-C stops the server and the worker.',
      rule,
      '',
      '',
    ].join('\n'),
  );
} catch (err) {
  process.stderr.write(`Could not start Rewind: ${err.message}\n`);
  stop(1);
}
