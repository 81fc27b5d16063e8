// Where `rewind dev` finds a project's workflows: rewind.config.json, rewind.config.ts, or package.json;
// with none, or a wrong one, a message that shows what to write.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findProjectDir, ProjectConfigError } from '@rewind/sdk/internal/project/project-config';
import { loadDevConfig, searchStart } from '../../src/dev/dev-config';
import { tempDir } from '../helpers/temp';

function project(files: Record<string, string>): string {
  const dir = tempDir('rewind-config-');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const sources = { 'src/workflows.ts': 'export async function w() {}\n', 'src/activities.ts': 'export async function a() {}\n' };

describe('rewind dev configuration', function () {
  it('reads rewind.config.json, with paths relative to it', async function () {
    const dir = project({
      ...sources,
      'rewind.config.json': JSON.stringify({ workflowsPath: './src/workflows.ts', activities: './src/activities.ts', taskQueue: 'q1' }),
    });
    const c = await loadDevConfig(dir);
    assert.deepEqual(
      { workflowsPath: c.workflowsPath, activitiesPath: c.activitiesPath, taskQueue: c.taskQueue, namespace: c.namespace },
      {
        workflowsPath: path.join(dir, 'src/workflows.ts'),
        activitiesPath: path.join(dir, 'src/activities.ts'),
        taskQueue: 'q1',
        namespace: 'default',
      },
    );
  });

  it('reads rewind.config.ts (its default export)', async function () {
    const dir = project({
      ...sources,
      'rewind.config.ts':
        "const queue: string = 'q' + 2;\nexport default { workflowsPath: './src/workflows.ts', taskQueue: queue, namespace: 'team' };\n",
    });
    const c = await loadDevConfig(dir);
    assert.equal(c.taskQueue, 'q2');
    assert.equal(c.namespace, 'team');
    assert.equal(c.activitiesPath, undefined);
  });

  it('reads the "rewind" field of package.json, and skips a package.json without one', async function () {
    const dir = project({
      ...sources,
      'package.json': JSON.stringify({ name: 'p', rewind: { workflowsPath: 'src/workflows', taskQueue: 'q3' } }),
    });
    assert.equal((await loadDevConfig(dir)).taskQueue, 'q3');
    const bare = project({ 'package.json': JSON.stringify({ name: 'p' }) });
    await assert.rejects(
      loadDevConfig(bare),
      (err: Error) => err instanceof ProjectConfigError && /No Rewind configuration in .*"taskQueue": "my-queue"/s.test(err.message),
    );
  });

  it('says what is wrong with a configuration: missing fields, missing files, bad JSON', async function () {
    const dir = project({ 'rewind.config.json': JSON.stringify({ workflowsPath: './src/nope.ts' }) });
    await assert.rejects(loadDevConfig(dir), /"taskQueue" must be a non-empty string; "workflowsPath": .*nope\.ts does not exist/);
    const bad = project({ 'rewind.config.json': '{ "workflowsPath": ' });
    await assert.rejects(loadDevConfig(bad), /Cannot read .*rewind\.config\.json/);
  });

  it('without --dir, the project is the nearest folder with a configuration, from where npm was run up', function () {
    const dir = project({
      ...sources,
      'package.json': JSON.stringify({ rewind: { workflowsPath: './src/workflows.ts', taskQueue: 'q' } }),
    });
    fs.mkdirSync(path.join(dir, 'src/deep/er'), { recursive: true });
    assert.equal(findProjectDir(path.join(dir, 'src/deep/er')), dir);
    assert.equal(findProjectDir(dir), dir);
    const bare = tempDir('rewind-config-none-');
    assert.equal(findProjectDir(bare), bare, 'none found: the folder itself (its error says what to write)');
    // npx in a subfolder runs in the package's folder; INIT_CWD says where it was run, and counts when below.
    assert.equal(searchStart('/work/app', '/work/app/src'), '/work/app/src');
    assert.equal(searchStart('/work/app', '/work'), '/work/app', 'an INIT_CWD above (a parent npm process) is not where we were run');
    assert.equal(searchStart('/work/app', '/elsewhere'), '/work/app');
    assert.equal(searchStart('/work/app', undefined), '/work/app');
  });
});
