// The one reader of a project's Rewind configuration: the first file there wins (rewind.config.json,
// rewind.config.ts, package.json "rewind"), each field read on its own (the extension uses the valid
// ones of an incomplete configuration), and a file that cannot be read is said, never skipped.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  configFileIn,
  configOfModule,
  loadProjectConfig,
  ProjectConfigError,
  readProjectSettings,
  type LoadConfigModule,
} from '../src/project/project-config';

describe('project configuration', function () {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A project folder with these files, and src/workflows.ts (the reader checks that modules exist). */
  function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-project-config-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src/workflows.ts'), 'export async function w(): Promise<void> {}\n');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }

  /** Stands in for esbuild / the extension's TypeScript: rewind.config.ts "evaluates" to these exports. */
  const modules =
    (exports: unknown): LoadConfigModule =>
    async () =>
      exports;
  const json = (v: unknown): string => JSON.stringify(v);

  it('reads the first file there: rewind.config.json, then rewind.config.ts, then package.json "rewind"', async function () {
    const all = {
      'rewind.config.json': json({ workflowsPath: 'src/workflows.ts', taskQueue: 'from-json' }),
      'rewind.config.ts': '// evaluated by the caller',
      'package.json': json({ rewind: { workflowsPath: 'src/workflows.ts', taskQueue: 'from-package' } }),
    };
    const ts = modules({ default: { workflowsPath: 'src/workflows.ts', taskQueue: 'from-ts' } });
    const queue = async (files: Record<string, string>): Promise<string> => (await loadProjectConfig(project(files), ts)).taskQueue;
    assert.equal(await queue(all), 'from-json');
    assert.equal(await queue({ 'rewind.config.ts': all['rewind.config.ts'], 'package.json': all['package.json'] }), 'from-ts');
    assert.equal(await queue({ 'package.json': all['package.json'] }), 'from-package');
    assert.equal(configFileIn(project(all)), 'rewind.config.json');
    assert.equal(configFileIn(project({ 'package.json': json({ name: 'p' }) })), undefined, 'a package.json without "rewind"');
    assert.equal(await readProjectSettings(project({ 'package.json': json({ name: 'p' }) }), ts), undefined);
  });

  it("takes rewind.config.ts's default export, else its module's exports", async function () {
    const config = { workflowsPath: 'src/workflows.ts', taskQueue: 'q' };
    assert.deepEqual(configOfModule({ default: config, other: 1 }), config);
    assert.deepEqual(configOfModule(config), config);
    const dir = project({ 'rewind.config.ts': '' });
    const c = await loadProjectConfig(dir, modules(config));
    assert.deepEqual(
      { ...c },
      {
        root: dir,
        source: path.join(dir, 'rewind.config.ts'),
        workflowsPath: path.join(dir, 'src/workflows.ts'),
        activitiesPath: undefined,
        taskQueue: 'q',
        namespace: 'default',
      },
    );
  });

  it('reads each field on its own: the valid ones of an incomplete configuration, and what is wrong with the rest', async function () {
    const dir = project({ 'rewind.config.json': json({ workflowsPath: './src/workflows.ts', activities: 3 }) });
    const settings = await readProjectSettings(dir, modules({}));
    assert.equal(settings?.workflowsPath, path.join(dir, 'src/workflows.ts'));
    assert.equal(settings?.taskQueue, undefined);
    assert.deepEqual(settings?.problems, ['"activities" must be a non-empty string', '"taskQueue" must be a non-empty string']);
    await assert.rejects(
      loadProjectConfig(dir, modules({})),
      (err: Error) => err instanceof ProjectConfigError && /is wrong: "activities" must be .*; "taskQueue" must be/.test(err.message),
    );
  });

  it('says why a configuration cannot be read (a rewind.config.ts that throws, JSON that is not), never reads the next file', async function () {
    const dir = project({
      'rewind.config.ts': '',
      'package.json': json({ rewind: { workflowsPath: 'src/workflows.ts', taskQueue: 'q' } }),
    });
    const throws: LoadConfigModule = async () => {
      throw new Error('Unexpected token');
    };
    await assert.rejects(
      readProjectSettings(dir, throws),
      (err: Error) =>
        err instanceof ProjectConfigError && err.message === `Cannot read ${path.join(dir, 'rewind.config.ts')}: Unexpected token`,
    );
    await assert.rejects(readProjectSettings(project({ 'rewind.config.json': '{' }), throws), /Cannot read .*rewind\.config\.json/);
  });
});
