// Type checking by running the project's own `tsc` (TypeScript 7, the native compiler, whose JavaScript
// API is not 5.x's): a tsconfig that rewind dev writes in .rewind/ extends the project's, names the
// files to check, and keeps tsc's incremental state from one check to the next.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { diagnosticLine, isProjectFile, type JsonCompilerOptions, type TypeCheckPlan } from './type-check-plan';

const LOCATED = /^(.+?)\((\d+),(\d+)\): error TS\d+: (.*)$/;
const GLOBAL = /^error TS\d+: (.*)$/;

export class TscTypeCheck {
  private readonly configFile: string;
  private running: ChildProcess | undefined;

  /** `tsc`: the project's tsc script; `stateDir`: where the generated tsconfig and tsc's build info go. */
  constructor(
    private readonly tsc: string,
    private readonly plan: TypeCheckPlan,
    stateDir: string,
  ) {
    fs.mkdirSync(stateDir, { recursive: true });
    this.configFile = path.join(stateDir, 'tsconfig.type-check.json');
    const compilerOptions: JsonCompilerOptions = {
      ...(plan.tsconfig ? {} : plan.defaults),
      ...plan.checkOnly,
      incremental: true,
      tsBuildInfoFile: path.join(stateDir, 'type-check.tsbuildinfo'),
      // Replaces the project's own paths (tsconfig has no merge): only when it cannot resolve the SDK at all.
      ...(plan.sdkPaths ? { paths: plan.sdkPaths } : {}),
    };
    const config = { ...(plan.tsconfig ? { extends: plan.tsconfig } : {}), compilerOptions, files: plan.files, include: [] };
    fs.writeFileSync(this.configFile, JSON.stringify(config, null, 2) + '\n');
  }

  /** The errors in the project's files (none: it type-checks); rejects, saying why, when tsc could not check. */
  check(): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [this.tsc, '-p', this.configFile, '--pretty', 'false'], {
        cwd: this.plan.root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.running = proc;
      let output = '';
      proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
      proc.once('error', reject);
      proc.once('close', (code, signal) => {
        this.running = undefined;
        const errors = parseTscOutput(this.plan.root, output);
        if (code === 0) return resolve([]);
        if ((code === 1 || code === 2) && errors.found > 0) return resolve(errors.lines);
        const tail = output.trim().split('\n').slice(-5).join('\n  ');
        reject(new Error(`tsc ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${tail ? `:\n  ${tail}` : ''}`));
      });
    });
  }

  /** Stops a check under way (its promise rejects). */
  kill(): void {
    this.running?.kill('SIGKILL');
  }
}

/** tsc's `--pretty false` output as rewind dev prints errors; `found` counts them all, the project's or not. */
export function parseTscOutput(root: string, output: string): { lines: string[]; found: number } {
  const lines: string[] = [];
  let found = 0;
  let keep = false;
  for (const line of output.split(/\r?\n/)) {
    const located = LOCATED.exec(line);
    const global = located ? null : GLOBAL.exec(line);
    if (located) {
      found++;
      const [, file, row, column, text] = located;
      keep = isProjectFile(root, file!);
      if (keep) lines.push(diagnosticLine(root, text!, { file: file!, line: Number(row), column: Number(column) }));
    } else if (global) {
      found++;
      keep = true;
      lines.push(diagnosticLine(root, global[1]!));
    } else if (keep && line.startsWith('  ') && lines.length > 0) {
      lines[lines.length - 1] += `\n${line}`;
    }
  }
  return { lines, found };
}
