// The extension reads a project's Rewind configuration as `rewind dev` does: the same workflowsPath and
// taskQueue from rewind.config.json or package.json "rewind", paths relative to the file's folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDevConfig } from '../../devserver/src/dev/dev-config';
import { CONFIG_FILES, rewindFields, stringSetting, workflowsPathOf } from '../src/model/project-config';

describe('project config (extension side)', function () {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A project folder with these files (and src/workflows.ts, which dev-config checks exists). */
  function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-project-config-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src/workflows.ts'), 'export async function w(): Promise<void> {}\n');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }

  /** What the extension finds: the first config file holding Rewind fields. */
  function extensionReads(dir: string): { workflowsPath?: string; taskQueue?: string } {
    for (const file of CONFIG_FILES) {
      if (!fs.existsSync(path.join(dir, file))) continue;
      const fields = rewindFields(file, fs.readFileSync(path.join(dir, file), 'utf8'));
      if (fields) return { workflowsPath: workflowsPathOf(fields, dir), taskQueue: stringSetting(fields, 'taskQueue') };
    }
    return {};
  }

  for (const [what, files] of [
    ['rewind.config.json', { 'rewind.config.json': JSON.stringify({ workflowsPath: './src/workflows.ts', taskQueue: 'q1' }) }],
    [
      'package.json "rewind"',
      { 'package.json': JSON.stringify({ name: 'p', rewind: { workflowsPath: 'src/workflows.ts', taskQueue: 'q2' } }) },
    ],
    [
      'rewind.config.json before package.json',
      {
        'rewind.config.json': JSON.stringify({ workflowsPath: 'src/workflows.ts', taskQueue: 'first' }),
        'package.json': JSON.stringify({ rewind: { workflowsPath: 'elsewhere.ts', taskQueue: 'second' } }),
      },
    ],
  ] as const) {
    it(`finds what rewind dev finds in ${what}`, async function () {
      const dir = project(files);
      const dev = await loadDevConfig(dir);
      const ours = extensionReads(dir);
      assert.equal(ours.workflowsPath, dev.workflowsPath);
      assert.equal(ours.taskQueue, dev.taskQueue);
      assert.ok(path.isAbsolute(ours.workflowsPath!));
    });
  }

  it('finds nothing in a package.json without "rewind", in text that is not JSON, or in settings that are not strings', function () {
    assert.equal(rewindFields('package.json', JSON.stringify({ name: 'p' })), undefined);
    assert.equal(rewindFields('rewind.config.json', '{ "workflowsPath": '), undefined);
    assert.equal(rewindFields('rewind.config.json', '[1, 2]'), undefined);
    assert.equal(rewindFields('package.json', 'null'), undefined);
    const fields = rewindFields('rewind.config.json', JSON.stringify({ workflowsPath: 42, taskQueue: '' }))!;
    assert.equal(workflowsPathOf(fields, '/p'), undefined);
    assert.equal(stringSetting(fields, 'taskQueue'), undefined);
  });
});
