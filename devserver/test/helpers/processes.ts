// Real processes for crash tests: the `rewind` server and workers (the order sample's, the chaos run's)
// as children that a test can SIGKILL and start again.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const REWIND = path.join(ROOT, 'devserver/bin/rewind.js');

export interface Child {
  proc: ChildProcess;
  output: () => string;
  kill(): Promise<void>;
}

/** A port that was free a moment ago (a restarted server must come back on the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, readyMs = 15_000): Promise<Child> {
  const proc = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const child: Child = {
    proc,
    output: () => out,
    kill: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
  return new Promise((resolve, reject) => {
    // A process that does not get ready is killed: the test that started it no longer holds it.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${path.basename(args[args.length - 1] ?? command)} did not start in ${readyMs / 1000} s:\n${out}`));
    }, readyMs);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      if (!ready.test(out)) reject(new Error(`process exited with ${code} before it was ready:\n${out}`));
    });
  });
}

export function startServerProcess(db: string, port: number, extra: string[] = []): Promise<Child> {
  return start(
    process.execPath,
    [REWIND, 'server', 'start', '--db', db, '--port', String(port), '--lease-grace-ms', '1500', ...extra],
    {},
    /listening on/,
  );
}

/**
 * A worker script (TypeScript, run with tsx) connecting to `address` (REWIND_ADDRESS); ready when it says
 * it runs, within `readyMs` (a Temporal SDK worker loads its native core: give it longer on a busy machine).
 */
export function startWorkerProcess(script: string, address: string, env: NodeJS.ProcessEnv = {}, readyMs?: number): Promise<Child> {
  return start(process.execPath, ['--import', 'tsx', script], { REWIND_ADDRESS: address, ...env }, /Worker running/, readyMs);
}

export function startOrderWorker(address: string, env: NodeJS.ProcessEnv = {}): Promise<Child> {
  return startWorkerProcess(path.join(ROOT, 'samples/order/worker.ts'), address, env);
}
