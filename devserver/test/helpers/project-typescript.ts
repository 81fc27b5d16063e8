// Gives a temporary project a TypeScript of its own in node_modules/typescript, as `npm install -D
// typescript` would: today's (7, the native compiler: the repository's `typescript-7` alias), 5.x (the
// repository's own), or a stand-in package that fails or hangs the way a broken install would.
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

export type ProjectTypeScriptKind = '7' | '5' | 'crashing-api' | 'hanging-tsc';

export function installTypeScript(project: string, kind: ProjectTypeScriptKind): void {
  const target = path.join(project, 'node_modules', 'typescript');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (kind === '7' || kind === '5') {
    const source = path.join(REPO, 'node_modules', kind === '7' ? 'typescript-7' : 'typescript');
    fs.symlinkSync(source, target, 'dir');
    return;
  }
  fs.mkdirSync(path.join(target, 'bin'), { recursive: true });
  const manifest = { name: 'typescript', version: kind === 'crashing-api' ? '5.8.0' : '7.0.0', main: 'main.js', bin: { tsc: 'bin/tsc' } };
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest));
  // Loading the compiler API ends the thread that loads it; the command line never answers.
  fs.writeFileSync(path.join(target, 'main.js'), 'process.exit(70);\n');
  fs.writeFileSync(path.join(target, 'bin', 'tsc'), 'setInterval(() => {}, 1000);\n');
}
