// A Temporal project's test imports `@rewind/devserver/temporal-testing` and type-checks under strict
// settings Rewind itself does not use (exactOptionalPropertyTypes, noUncheckedIndexedAccess, an ES2020 lib,
// no skipLibCheck): only its declaration file is read, none of Rewind's source.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp';

const ROOT = path.resolve(__dirname, '../../..');

describe('@rewind/devserver/temporal-testing in a Temporal project', function () {
  this.timeout(120_000);

  it("type-checks under the project's strict settings, reading none of Rewind's source", function () {
    const project = tempDir('rewind-temporal-testing-types-');
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2020',
          lib: ['ES2020'],
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noPropertyAccessFromIndexSignature: true,
          noEmit: true,
          types: [],
        },
        files: ['env.test.ts'],
      }),
    );
    fs.writeFileSync(
      path.join(project, 'env.test.ts'),
      "import { rewindTemporalServer } from '@rewind/devserver/temporal-testing';\n" +
        "const server: { type: 'existing-path'; path: string } = rewindTemporalServer;\n" +
        'export const executable = server.path;\n',
    );
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project, '--listFiles'], {
      encoding: 'utf8',
    });
    const files = tsc.stdout.split('\n').filter((line) => line.includes('/devserver/'));
    assert.equal(tsc.status, 0, `tsc found errors:\n${tsc.stdout}${tsc.stderr}`);
    assert.deepEqual(
      files.map((f) => path.basename(f)),
      ['temporal-testing.d.ts'],
      'only the declaration file of the devserver package',
    );
  });
});
