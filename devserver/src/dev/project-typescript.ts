// The TypeScript a project has installed (its own, never Rewind's): which version, and how `rewind dev`
// checks with it — on a thread through the compiler API (TypeScript 6 and older), or by running the
// project's own `tsc` (TypeScript 7, the native compiler, whose JavaScript API is another).
import fs from 'node:fs';
import path from 'node:path';

export interface ProjectTypeScript {
  version: string;
  /** 'api': `require('typescript')` is the classic compiler API; 'tsc': only the command line is. */
  kind: 'api' | 'tsc';
  /** The package's folder (`require` of it loads the compiler API, kind 'api'). */
  dir: string;
  /** The package's `tsc` command (a Node script). */
  tsc: string;
}

/** The TypeScript that `root` resolves, or undefined when the project has none. */
export function findProjectTypeScript(root: string): ProjectTypeScript | undefined {
  let manifestFile: string;
  try {
    manifestFile = require.resolve('typescript/package.json', { paths: [root] });
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { version?: string; bin?: string | Record<string, string> };
  const dir = path.dirname(manifestFile);
  const version = manifest.version ?? '0.0.0';
  const bin = typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin?.tsc ?? 'bin/tsc');
  return {
    version,
    kind: Number(version.split('.')[0]) >= 7 ? 'tsc' : 'api',
    dir,
    tsc: path.resolve(dir, bin),
  };
}
