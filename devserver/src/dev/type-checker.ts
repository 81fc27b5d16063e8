// Type checks for `rewind dev` with the project's own TypeScript, whichever it is: through the compiler
// API on a thread (TypeScript 6 and older) or by running its `tsc` (TypeScript 7). A check never blocks
// a save for long: a checker that cannot run, fails or does not answer in time is turned off, and the
// reply says so (once it is off, every check answers at once).
import path from 'node:path';
import type { ProjectConfig } from '@rewind/sdk/internal/project/project-config';
import { findProjectTypeScript } from './project-typescript';
import { ThreadTypeCheck } from './thread-type-check';
import { TscTypeCheck } from './tsc-type-check';
import { typeCheckPlan } from './type-check-plan';

/** The project's type errors (an empty list when it type-checks), or why there are no type checks. */
export type TypeCheckReply = { errors: string[] } | { off: string };

/** Long enough for a cold check of a large project; a checker past it is taken for hung. */
export const DEFAULT_TYPE_CHECK_TIMEOUT_MS = 60_000;

interface CheckEngine {
  check(): Promise<string[]>;
  kill(): void;
}

export class TypeChecker {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly engine: CheckEngine | undefined,
    private readonly label: string,
    private readonly timeoutMs: number,
    /** Why there are no type checks (set once, for good). */
    private off?: string,
  ) {}

  static create(config: ProjectConfig, timeoutMs = DEFAULT_TYPE_CHECK_TIMEOUT_MS): TypeChecker {
    let label = 'TypeScript';
    try {
      const typescript = findProjectTypeScript(config.root);
      if (!typescript) return new TypeChecker(undefined, label, timeoutMs, NOT_INSTALLED);
      label = `TypeScript ${typescript.version}${typescript.kind === 'tsc' ? ', tsc' : ''}`;
      const plan = typeCheckPlan(config, typescript.version);
      const engine =
        typescript.kind === 'api'
          ? new ThreadTypeCheck({ typescript: typescript.dir, plan })
          : new TscTypeCheck(typescript.tsc, plan, path.join(config.root, '.rewind', 'type-check'));
      return new TypeChecker(engine, label, timeoutMs);
    } catch (err) {
      return new TypeChecker(undefined, label, timeoutMs, offBecause(`The type checker (${label}) cannot start: ${messageOf(err)}.`));
    }
  }

  /** Checks now (after the check under way, if any). Never rejects, and answers within the timeout. */
  check(): Promise<TypeCheckReply> {
    const next = this.queue.then(() => this.checkNow());
    this.queue = next;
    return next;
  }

  private async checkNow(): Promise<TypeCheckReply> {
    if (this.off !== undefined || !this.engine) return { off: this.off ?? NOT_INSTALLED };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.timeoutMs)));
    try {
      const outcome = await Promise.race([this.engine.check(), timedOut]);
      if (outcome !== 'timeout') return { errors: outcome };
      this.off = offBecause(`The type checker (${this.label}) did not answer in ${this.timeoutMs / 1000} s.`);
    } catch (err) {
      this.off = offBecause(`The type checker (${this.label}) stopped: ${messageOf(err)}.`);
    } finally {
      clearTimeout(timer);
    }
    this.engine.kill();
    return { off: this.off };
  }

  close(): void {
    this.engine?.kill();
  }
}

const NOT_INSTALLED =
  'TypeScript is not installed in this project: saves are built and switched without type checks (npm install -D typescript to have them).';

const offBecause = (why: string): string =>
  `${why} Saves are built and switched without type checks until rewind dev restarts; \`npx tsc --noEmit\` shows type errors.`;

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
