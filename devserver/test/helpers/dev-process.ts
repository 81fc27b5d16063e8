// `rewind dev` as a user runs it (the CLI, a child process), and what it printed so far.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';

const REWIND = path.resolve(__dirname, '../../bin/rewind.js');

export class DevProcess {
  output = '';
  private readonly waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(readonly proc: ChildProcess) {
    const onData = (d: Buffer): void => {
      this.output += d.toString();
      for (const w of this.waiters.splice(0)) w();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  /**
   * `rewind dev` with `args` (default `--port 0`) in `cwd`, in a process group of its own, as a
   * terminal starts it (see ctrlC).
   */
  static start(cwd: string, args: string[] = ['--port', '0'], env: NodeJS.ProcessEnv = process.env): DevProcess {
    return new DevProcess(
      spawn(process.execPath, [REWIND, 'dev', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
    );
  }

  /** Ctrl-C as a terminal sends it: SIGINT to every process of the group (rewind dev and its workers). */
  ctrlC(): void {
    process.kill(-this.proc.pid!, 'SIGINT');
  }

  /** Waits until the output after `from` matches; returns that part of the output. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const part = this.output.slice(from);
      if (pattern.test(part)) return part;
      if (Date.now() > deadline) throw new Error(`rewind dev did not print ${pattern} in ${timeoutMs} ms; it printed:\n${this.output}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** The server's address, from the start-up lines. */
  async address(): Promise<string> {
    const ready = await this.waitFor(/Ready in \d+ ms/);
    return /Server listening on (\S+);/.exec(ready)![1]!;
  }

  /** Kills it (SIGKILL) if it still runs. */
  async kill(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
  }
}

/**
 * `rewind dev` in the project `makeProject` returns, for the tests of a describe block: started before
 * them, with a client on its server, and killed after them.
 */
export function useRewindDev(makeProject: () => string): { readonly dev: DevProcess; readonly client: Client; readonly project: string } {
  const ctx = {} as { dev: DevProcess; client: Client; project: string; connection: Connection };
  before(async function () {
    ctx.project = makeProject();
    ctx.dev = DevProcess.start(ctx.project);
    ctx.connection = await Connection.connect({ address: await ctx.dev.address() });
    ctx.client = new Client({ connection: ctx.connection });
  });
  after(async function () {
    await ctx.connection?.close();
    await ctx.dev?.kill();
  });
  return ctx;
}
