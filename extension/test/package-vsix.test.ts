// `npm run package -w extension` (vsce) makes a .vsix that holds the bundle, the manifest, README and
// LICENSE, and nothing of the sources or node_modules (the bundle already holds @rewind/sdk).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';

const root = path.resolve(__dirname, '../..');

/** Every entry of a zip file, with the text of those `read` names. */
function readZip(file: string, read: (name: string) => boolean): Promise<Map<string, string | undefined>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map<string, string | undefined>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!read(entry.fileName)) {
          entries.set(entry.fileName, undefined);
          return zip.readEntry();
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

describe('The .vsix (vsce)', function () {
  this.timeout(120_000);
  let entries: Map<string, string | undefined>;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-vsix-')), 'rewind.vsix');

  before(async function () {
    // The package script, as a user runs it (it builds first: vscode:prepublish), into a scratch file.
    execFileSync('npm', ['run', 'package', '-w', 'extension', '--', '--out', out], { cwd: root, stdio: 'pipe' });
    entries = await readZip(out, (name) => name === 'extension/package.json' || name === 'extension/dist/extension.js');
  });
  after(function () {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it('holds the bundle the manifest names, the icon, README and LICENSE', function () {
    const manifest = JSON.parse(entries.get('extension/package.json') ?? '{}') as { main?: string; name?: string };
    assert.equal(manifest.name, 'rewind-vscode');
    assert.equal(manifest.main, './dist/extension.js');
    for (const name of ['extension/dist/extension.js', 'extension/media/rewind.svg', 'extension/readme.md', 'extension/LICENSE.txt'])
      assert.ok(entries.has(name), `${name} is in the .vsix (it has: ${[...entries.keys()].join(', ')})`);
  });

  it('leaves out the sources, the tests, node_modules and source maps', function () {
    const unwanted = [...entries.keys()].filter((name) => /^extension\/(src|test|test-host|node_modules)\/|\.map$|\.ts$/.test(name));
    assert.deepEqual(unwanted, []);
  });

  it('has @rewind/sdk inlined in the bundle (it is packaged without dependencies)', function () {
    const bundle = entries.get('extension/dist/extension.js') ?? '';
    assert.ok(bundle.length > 0, 'the bundle has content');
    assert.doesNotMatch(bundle, /require\(["']@rewind\/sdk/);
    assert.match(bundle, /require\(["']vscode["']\)/, 'only vscode is left for the host to provide');
  });
});
