// Finding and starting `rewind dev` for a folder: the executable from node_modules/.bin (here or in a
// parent), the port from the configured address, and clear errors when neither works.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devPort, DevServerError, DevServerProcess, findRewindBin } from '../src/dev-server/dev-server-process';

describe('rewind dev from the extension', function () {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-find-bin-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds rewind in the folder or a parent folder, like npm scripts', function () {
    const nested = path.join(root, 'packages', 'app');
    fs.mkdirSync(nested, { recursive: true });
    assert.equal(findRewindBin(nested), undefined);
    fs.mkdirSync(path.join(root, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', '.bin', 'rewind'), '');
    assert.equal(findRewindBin(nested), path.join(root, 'node_modules', '.bin', 'rewind'));
  });

  it('takes the port of a local address and refuses another machine', function () {
    assert.equal(devPort('127.0.0.1:7233'), 7233);
    assert.equal(devPort('localhost:9000'), 9000);
    assert.throws(() => devPort('10.1.2.3:7233'), /not on this machine.*Set rewind\.serverAddress to 127\.0\.0\.1:<port>/);
  });

  it('says what to install when the folder has no Rewind', function () {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-no-bin-'));
    try {
      assert.throws(
        () => DevServerProcess.start(bare, '127.0.0.1:7233', { append: () => undefined }),
        (err: Error) => err instanceof DevServerError && /npm install --save-dev @rewind\/devserver/.test(err.message),
      );
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
