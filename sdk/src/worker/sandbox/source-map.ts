// Maps positions in the workflow bundle back to the user's source files (file:line), through the
// bundle's source map, using Node's own SourceMap reader.
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  functionName?: string;
}

export class BundleSourceMap {
  private readonly map: SourceMap;

  constructor(
    json: string,
    /** The file name the bundle runs under in the sandbox (it appears in stack traces). */
    readonly bundleFilename: string,
  ) {
    this.map = new SourceMap(JSON.parse(json) as SourceMapPayload);
    const escaped = bundleFilename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.frameRe = new RegExp(`at (?:(.*?) \\()?${escaped}:(\\d+):(\\d+)\\)?`, 'g');
  }

  /** A frame of the bundle in a stack trace: function name, line, column. */
  private readonly frameRe: RegExp;

  /** The original position of a (1-based) bundle position, or undefined. */
  locate(line: number, column: number): SourceLocation | undefined {
    const entry = this.map.findEntry(line - 1, column - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
      name?: string;
    };
    if (!entry || entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    const file = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : entry.originalSource;
    return { file, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
  }

  /** Every frame of a sandbox stack trace, mapped to source. */
  frames(stack: string | undefined): SourceLocation[] {
    if (!stack) return [];
    const out: SourceLocation[] = [];
    for (const m of stack.matchAll(this.frameRe)) {
      const loc = this.locate(Number(m[2]), Number(m[3]));
      if (loc) out.push({ ...loc, ...(m[1] ? { functionName: m[1] } : {}) });
    }
    return out;
  }

  /** The first frame in the user's own code (Rewind's runtime is another bundle; dependencies are skipped). */
  userFrame(stack: string | undefined): SourceLocation | undefined {
    return this.frames(stack).find((f) => !f.file.includes(`${path.sep}node_modules${path.sep}`));
  }

  /**
   * The stack with bundle positions replaced by source positions, and frames outside workflow code
   * dropped. A stack not thrown in the bundle (an activity's, carried as a cause) is left as it is.
   */
  mapStack(stack: string | undefined): string | undefined {
    if (!stack?.includes(this.bundleFilename)) return stack;
    const escaped = this.bundleFilename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const position = new RegExp(`${escaped}:(\\d+):(\\d+)`, 'g');
    return stack
      .split('\n')
      .filter((line) => !/^\s+at /.test(line) || line.includes(this.bundleFilename))
      .map((line) =>
        line.replace(position, (whole, l: string, c: string) => {
          const loc = this.locate(Number(l), Number(c));
          return loc ? `${loc.file}:${loc.line}:${loc.column}` : whole;
        }),
      )
      .join('\n');
  }
}

export function formatLocation(loc: SourceLocation | undefined, cwd = process.cwd()): string {
  if (!loc) return 'an unknown line';
  const rel = path.relative(cwd, loc.file);
  return `${rel.startsWith('..') ? loc.file : rel}:${loc.line}:${loc.column}`;
}
