// `rewind dev` as a user runs it, for what a Temporal user meets first: without --port it listens at
// the address clients of its environment use (REWIND_ADDRESS), and a code switch reads as a switch
// (the old build's worker stops without the "Received SIGINT" of a Ctrl-C), while Ctrl-C still stops all.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../helpers/processes';
import { tempDir } from '../helpers/temp';

const REWIND = path.resolve(__dirname, '../../bin/rewind.js');

const WORKFLOWS = (greeting: string): string => `export async function hello(name: string): Promise<string> {
  return \`${greeting} \${name}\`;
}
`;

/** A `rewind dev` process and what it printed. */
class DevProcess {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly proc: ChildProcess) {
    const onData = (d: Buffer): void => {
      this.output += d.toString();
      for (const w of this.waiters.splice(0)) w();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  /** Waits until the output after `from` matches (or rewind dev exits); returns that part of the output. */
  async waitFor(pattern: RegExp, from = 0): Promise<string> {
    let ended = false;
    void this.exited.then(() => (ended = true));
    for (;;) {
      const part = this.output.slice(from);
      if (pattern.test(part)) return part;
      if (ended) throw new Error(`rewind dev exited without printing ${pattern}; it printed:\n${this.output}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        void this.exited.then(() => resolve());
      });
    }
  }
}

describe('rewind dev, first contact', function () {
  this.timeout(90_000);
  let project: string;
  let dev: DevProcess;
  let port: number;

  before(async function () {
    project = tempDir('rewind-dev-switch-');
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'dev-switch-test', private: true, rewind: { workflowsPath: './src/workflows.ts', taskQueue: 'switch-q' } }),
    );
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), WORKFLOWS('hello'));
    port = await freePort();
    const env = { ...process.env, REWIND_ADDRESS: `127.0.0.1:${port}`, TEMPORAL_ADDRESS: '', REWIND_NAMESPACE: '', TEMPORAL_NAMESPACE: '' };
    dev = new DevProcess(spawn(process.execPath, [REWIND, 'dev'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    await dev.waitFor(/Ready in \d+ ms/);
  });

  after(async function () {
    if (dev && dev.proc.exitCode === null) {
      dev.proc.kill('SIGKILL');
      await dev.exited;
    }
  });

  it('listens at REWIND_ADDRESS when no --port is given', function () {
    assert.match(dev.output, new RegExp(`Server listening on 127\\.0\\.0\\.1:${port};`));
  });

  it('switches code without the old worker saying "Received SIGINT"', async function () {
    const oldBuild = /Built in \d+ ms \(build ([0-9a-f]{12})\)/.exec(dev.output)![1]!;
    const mark = dev.output.length;
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), WORKFLOWS('hi'));
    await dev.waitFor(/Now running build [0-9a-f]{12}\./, mark);
    // The old worker's last line: everything it printed while stopping came before it.
    const out = await dev.waitFor(new RegExp(`\\[worker ${oldBuild.slice(0, 6)}\\] .*Worker stopped`), mark);
    assert.doesNotMatch(out, /Received SIG|shutting down workers/);
  });

  it('still stops everything on Ctrl-C', async function () {
    dev.proc.kill('SIGINT');
    assert.equal(await dev.exited, 0);
    assert.match(dev.output, /Stopped\.\n$/);
  });
});
