// Runs the `rewind` CLI as a subprocess (the built bin, as users run it) and collects what it printed.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const REWIND = path.resolve(__dirname, '../../bin/rewind.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [REWIND, ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The CLI running on (`show --follow`): what it printed so far, and its exit. */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, [REWIND, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { proc, output: () => out, exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))) };
}
