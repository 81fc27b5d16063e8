// What `npm pack` puts in Rewind's packages (the README's way to install a clone's packed tarballs): the
// built code, the commands and the declaration files — dist/ is ignored by git, and npm follows
// .gitignore unless package.json names its files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The paths `npm pack` would put in the package of `dir`. */
function packed(dir: string): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: path.join(ROOT, dir), encoding: 'utf8' });
  const [pack] = JSON.parse(out) as [{ files: { path: string }[] }];
  return pack.files.map((f) => f.path);
}

describe("npm pack of Rewind's packages", function () {
  this.timeout(60_000);

  it('@rewind/devserver holds its commands and their built code', function () {
    const files = packed('devserver');
    for (const f of [
      'bin/rewind.js',
      'bin/rewind-temporal-server.js',
      'dist/cli.js',
      'dist/index.js',
      'dist/dev-worker.js',
      'dist/temporal-testing.js',
      'temporal-testing.d.ts',
    ]) {
      assert.ok(files.includes(f), `${f} is in the package`);
    }
    assert.deepEqual(
      files.filter((f) => f.startsWith('test/')),
      [],
      'not its tests',
    );
  });

  it('@rewind/sdk holds every module its package.json exports, built, with its declaration file', function () {
    const files = packed('sdk');
    for (const module of ['workflow', 'activity', 'client', 'worker', 'common', 'testing', 'protocol']) {
      assert.ok(files.includes(`dist/${module}/index.js`), `dist/${module}/index.js is in the package`);
      assert.ok(files.includes(`dist/types/${module}/index.d.ts`), `dist/types/${module}/index.d.ts is in the package`);
    }
    assert.deepEqual(
      files.filter((f) => f.startsWith('test/')),
      [],
      'not its tests',
    );
  });
});
