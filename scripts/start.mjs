// `npm start`: the Rewind server on 127.0.0.1:7233 (database in .rewind/) and a worker running the
// samples, in one terminal. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const port = process.env.REWIND_PORT ?? '7233';
const address = `127.0.0.1:${port}`;
const children = [];

function run(name, args, env, ready) {
  // Own process group: Ctrl-C reaches only this script, which stops the worker first, then the server.
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
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
        if (!isReady && ready.test(line)) {
          isReady = true;
          resolve(child);
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
  await run(
    'server',
    [path.join(root, 'devserver/bin/rewind.js'), 'server', 'start', '--db', path.join(root, '.rewind/rewind.db'), '--port', port],
    {},
    /listening on/,
  );
  await run('worker', ['--import', 'tsx', path.join(root, 'samples/worker.ts')], { REWIND_ADDRESS: address }, /Worker running/);
  process.stdout.write(
    [
      '',
      `Rewind is running on ${address} with the samples' worker.`,
      'Start a sample workflow from another terminal:',
      `  ${port === '7233' ? '' : `REWIND_ADDRESS=${address} `}npm run sample:order -- my-first-order`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (err) {
  process.stderr.write(`Could not start Rewind: ${err.message}\n`);
  stop(1);
}
