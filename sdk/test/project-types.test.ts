// A user's project type-checks its use of @rewind/sdk under its own settings and its own TypeScript (5 or 7):
// the package gives declaration files (sdk/dist/types), so none of Rewind's source is checked under
// settings Rewind does not use (exactOptionalPropertyTypes, noUncheckedIndexedAccess, no skipLibCheck …).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const COMPILERS = { 'TypeScript 5': 'node_modules/typescript/bin/tsc', 'TypeScript 7': 'node_modules/typescript-7/bin/tsc' };

describe("@rewind/sdk's types in a user's strict project", function () {
  this.timeout(120_000);
  let project: string;

  before(function () {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-project-types-'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    fs.copyFileSync(path.join(__dirname, 'fixtures/typed-project/uses.ts'), path.join(project, 'uses.ts'));
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022'],
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noPropertyAccessFromIndexSignature: true,
          noImplicitOverride: true,
          skipLibCheck: false,
          noEmit: true,
          types: ['node'],
        },
        files: ['uses.ts'],
      }),
    );
  });
  after(function () {
    fs.rmSync(project, { recursive: true, force: true });
  });

  for (const [name, tsc] of Object.entries(COMPILERS)) {
    it(`type-checks with ${name}, reading only the SDK's declaration files`, function () {
      const run = spawnSync(process.execPath, [path.join(ROOT, tsc), '-p', project, '--listFiles'], { encoding: 'utf8' });
      const errors = run.stdout.split('\n').filter((line) => line.includes('error TS'));
      assert.deepEqual(errors, [], `${name} found errors:\n${run.stdout}${run.stderr}`);
      assert.equal(run.status, 0, run.stdout + run.stderr);
      const sdkFiles = run.stdout.split('\n').filter((line) => line.includes('/sdk/'));
      assert.ok(sdkFiles.length > 10, `the program holds the SDK's files: ${sdkFiles.length}`);
      assert.deepEqual(
        sdkFiles.filter((f) => !f.endsWith('.d.ts')),
        [],
        "none of Rewind's source",
      );
    });
  }
});
