// `rewind dev` for a workspace folder, run by the extension: found in the folder's node_modules, its
// output in an output channel, on the port of the configured server address (so the connection finds it),
// with the extension's auth token (so it lets the extension in), stopped with the extension.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AUTH_TOKEN_ENV } from '@rewind/sdk/internal/transport/auth-token';

export interface DevServerOutput {
  append(text: string): void;
}

export class DevServerError extends Error {
  override readonly name = 'DevServerError';
}

/** The folder's `rewind` executable, looked up the way npm scripts do (node_modules/.bin, then the parents'). */
export function findRewindBin(folder: string): string | undefined {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'node_modules', '.bin', process.platform === 'win32' ? 'rewind.cmd' : 'rewind');
    if (fs.existsSync(bin)) return bin;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The port to run on: that of the configured address, which must be this machine's. */
export function devPort(address: string): number {
  const m = /^(127\.0\.0\.1|localhost|\[::1\]):(\d+)$/.exec(address.trim());
  if (!m) {
    throw new DevServerError(
      `The server address ${address} is not on this machine, so a dev server started here would not be the one it names. ` +
        'Set rewind.serverAddress to 127.0.0.1:<port> first.',
    );
  }
  return Number(m[2]);
}

export class DevServerProcess {
  private readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves once the dev server says it is ready; rejects if it exits first. */
  readonly ready: Promise<void>;

  private constructor(
    readonly folder: string,
    bin: string,
    port: number,
    output: DevServerOutput,
    authToken: string | undefined,
  ) {
    output.append(`$ rewind dev --port ${port}   (in ${folder}${authToken ? `, with ${AUTH_TOKEN_ENV}` : ''})\n`);
    // The token in the environment, not the arguments (which other users of the machine can list).
    this.child = spawn(bin, ['dev', '--port', String(port)], {
      cwd: folder,
      env: authToken ? { ...process.env, [AUTH_TOKEN_ENV]: authToken } : process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    let said = '';
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => {
        output.append(`Could not run ${bin}: ${err.message}\n`);
        resolve(-1);
      });
      this.child.once('exit', (code, signal) => {
        output.append(`rewind dev exited${signal ? ` (${signal})` : ` with code ${code}`}\n`);
        resolve(code);
      });
    });
    this.ready = new Promise((resolve, reject) => {
      const onData = (d: Buffer): void => {
        const text = d.toString();
        output.append(text);
        if (said.length < 20_000) said += text;
        if (/^Ready in \d+ ms/m.test(said)) resolve();
      };
      this.child.stdout!.on('data', onData);
      this.child.stderr!.on('data', onData);
      void this.exited.then((code) =>
        reject(
          new DevServerError(
            `rewind dev stopped (${code ?? 'killed'}) before it was ready:\n${said.trim().split('\n').slice(-5).join('\n')}`,
          ),
        ),
      );
    });
  }

  /** Starts `rewind dev` in `folder`; throws a DevServerError saying what to do when it cannot. */
  static start(folder: string, address: string, output: DevServerOutput, authToken?: string): DevServerProcess {
    const port = devPort(address);
    const bin = findRewindBin(folder);
    if (!bin) {
      throw new DevServerError(
        `Rewind is not installed in ${folder}: add it with \`npm install --save-dev @rewind/devserver\`, then start the dev server again.`,
      );
    }
    return new DevServerProcess(folder, bin, port, output, authToken);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Ctrl-C (rewind dev stops its worker and server), then a kill if it takes more than 5 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
