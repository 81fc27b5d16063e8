// Runs the `rewind` CLI as a subprocess (the built bin, as users run it) and collects what it printed.
import { execFile } from 'node:child_process';
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
