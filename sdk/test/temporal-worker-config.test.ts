// A Temporal project's configuration read from its source (no Rewind configuration): the forms of
// Worker.create's options its documentation and samples use, several workers and the choice among
// them, options that cannot be read, and a Rewind configuration winning over the source.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProjectDir, loadProjectConfig, ProjectConfigError, readProjectSettings } from '../src/project/project-config';

const noModules = async (): Promise<unknown> => ({});

describe("a Temporal project's configuration, from Worker.create in its source", function () {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A project depending on @temporalio/worker, with src/workflows.ts, src/activities.ts and these files. */
  function project(files: Record<string, string>, pkg: object = { dependencies: { '@temporalio/worker': '1.24.0' } }): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-temporal-config-'));
    dirs.push(dir);
    const all = {
      'package.json': JSON.stringify(pkg),
      'src/workflows.ts': 'export async function w(): Promise<void> {}\n',
      'src/activities.ts': 'export async function a(): Promise<void> {}\nexport async function b(): Promise<void> {}\n',
      ...files,
    };
    for (const [name, text] of Object.entries(all)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }
  const load = (dir: string, taskQueue?: string): ReturnType<typeof loadProjectConfig> =>
    loadProjectConfig(dir, noModules, taskQueue === undefined ? {} : { taskQueue });

  it('reads each form of workflowsPath Temporal documents, activities as a namespace or imported functions, and consts', async function () {
    const forms: Record<string, string> = {
      'require.resolve': `import { Worker } from '@temporalio/worker';
import * as activities from './activities';
Worker.create({ workflowsPath: require.resolve('./workflows'), activities, taskQueue: 'q' });`,
      'path.join with __dirname': `import path from 'path';
import { Worker } from '@temporalio/worker';
import { a, b } from './activities';
// Worker.create({ taskQueue: 'in a comment' })
export const worker = Worker.create({ workflowsPath: path.join(__dirname, 'workflows'), activities: { a, b }, taskQueue: \`q\` });`,
      'new URL with import.meta.url': `import { fileURLToPath } from 'node:url';
import { Worker as TemporalWorker, NativeConnection } from '@temporalio/worker';
import * as acts from './activities.js';
const QUEUE = 'q' as const;
const options = { workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)), activities: { ...acts }, taskQueue: QUEUE, namespace: 'ns' };
await TemporalWorker.create(options);`,
      'a string and a required module': `const temporal = require('@temporalio/worker');
const { TASK_QUEUE } = require('./shared');
temporal.Worker.create({ workflowsPath: 'src/workflows.ts', taskQueue: TASK_QUEUE });`,
      // Temporal's ESM sample: the workflows file of the worker's own extension.
      'new URL of a template': `import { Worker } from '@temporalio/worker';
import { URL, fileURLToPath } from 'url';
import path from 'path';
import * as activities from './activities.ts';
const workflowsPathUrl = new URL(\`./workflows\${path.extname(import.meta.url)}\`, import.meta.url);
const worker = await Worker.create({ workflowsPath: fileURLToPath(workflowsPathUrl), activities, taskQueue: 'q' });`,
      // Temporal's production sample, as it runs outside production; a variable not set, and its fallback.
      'a spread chosen by NODE_ENV': `import { Worker } from '@temporalio/worker';
import * as activities from './activities';
const workflowOption = () =>
  process.env.NODE_ENV === 'production'
    ? { workflowBundle: { codePath: require.resolve('../workflow-bundle.js') } }
    : { workflowsPath: require.resolve('./workflows') };
const worker = await Worker.create({ ...workflowOption(), activities, taskQueue: process.env.REWIND_TEST_UNSET_QUEUE || 'q' });`,
    };
    for (const [form, worker] of Object.entries(forms)) {
      const dir = project({ 'src/worker.ts': worker, 'src/shared.ts': "export const TASK_QUEUE: string = 'q';\n" });
      const config = await load(dir);
      assert.equal(config.workflowsPath, path.join(dir, 'src/workflows.ts'), form);
      assert.equal(config.taskQueue, 'q', form);
      assert.equal(config.activitiesPath, form.startsWith('a string and') ? undefined : path.join(dir, 'src/activities.ts'), form);
      assert.equal(config.namespace, form === 'new URL with import.meta.url' ? 'ns' : 'default', form);
      assert.equal(config.source, path.join(dir, 'src/worker.ts'), form);
      assert.equal(config.detected, "Temporal's Worker.create", form);
    }
  });

  it('runs the first of several workers and says how to choose another; --task-queue chooses', async function () {
    const worker = (queue: string): string =>
      `import { Worker } from '@temporalio/worker';\nWorker.create({ workflowsPath: require.resolve('./workflows'), taskQueue: '${queue}' });\n`;
    const dir = project({
      'src/a-worker.ts': worker('orders'),
      'src/b-worker.ts': worker('reports'),
      'src/c-worker.ts': worker('reports'),
      'lib/a-worker.js': worker('built'),
      'src/test/worker.test.ts': worker('in-a-test'),
      'src/a.test.ts': worker('in-a-test'),
    });
    const first = await load(dir);
    assert.equal(first.taskQueue, 'orders');
    assert.deepEqual(first.notes, [
      "Found 3 Temporal workers: 'orders' (src/a-worker.ts:2), 'reports' (src/b-worker.ts:2), 'reports' (src/c-worker.ts:2); this runs the first. " +
        'Choose another with rewind dev --task-queue <name> (or --worker <its file>).',
    ]);
    const chosen = await load(dir, 'reports');
    assert.equal(chosen.source, path.join(dir, 'src/b-worker.ts'));
    assert.deepEqual(chosen.notes, []);
    assert.equal((await loadProjectConfig(dir, noModules, { worker: 'src/c-worker.ts' })).source, path.join(dir, 'src/c-worker.ts'));
    await assert.rejects(
      load(dir, 'nope'),
      /no Worker\.create in the source has task queue 'nope' \(found: 'orders' \(src\/a-worker\.ts:2\), 'reports'/,
    );
  });

  it('names each option it cannot read, and what to write in package.json', async function () {
    const dir = project({
      'src/worker.ts': `import { Worker } from '@temporalio/worker';
import { makeActivities } from './activities';
export async function run(queue: string) {
  return Worker.create({
    workflowsPath: pickPath(),
    activities: makeActivities(db),
    taskQueue: queue,
  });
}`,
    });
    const err = await load(dir).then(
      () => assert.fail('loaded'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ProjectConfigError);
    assert.match(err.message, /the options of its Worker\.create \(src\/worker\.ts:4\) cannot all be read from source/);
    assert.match(err.message, /"workflowsPath": `pickPath\(\)` \(src\/worker\.ts:5\) is computed when the worker runs/);
    assert.match(
      err.message,
      /"activities": `makeActivities\(db\)` \(src\/worker\.ts:6\) is computed when the worker runs \(rewind dev loads activities as the exports of one module/,
    );
    assert.match(err.message, /"taskQueue": `queue` \(src\/worker\.ts:7\) is computed/);
    assert.match(err.message, /"rewind": \{\n\s+"workflowsPath": "\.\/src\/workflows\.ts",/);
    const unset = project({
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nWorker.create({ workflowsPath: require.resolve('./workflows'), taskQueue: process.env.REWIND_TEST_UNSET_QUEUE });\n`,
    });
    await assert.rejects(
      load(unset),
      /"taskQueue": `process\.env\.REWIND_TEST_UNSET_QUEUE` \(src\/worker\.ts:2\) is undefined: an environment variable it reads is not set here/,
    );
    // A prebuilt bundle, activities from two modules.
    const bundled = project({
      'src/more.ts': 'export async function c(): Promise<void> {}\n',
      'src/worker.ts': `import { Worker } from '@temporalio/worker';
import { a } from './activities';
import { c } from './more';
Worker.create({ workflowBundle: { codePath: require.resolve('../workflow-bundle.js') }, activities: { a, c }, taskQueue: 'q' });`,
    });
    await assert.rejects(load(bundled), /"workflowsPath": Worker\.create \(src\/worker\.ts:4\) is given a prebuilt workflowBundle/);
    await assert.rejects(load(bundled), /takes them from several modules \(src\/activities\.ts, src\/more\.ts\)/);
  });

  it("applies the options Rewind's worker takes when their values read from source, and names each other one", async function () {
    const dir = project({
      'src/interceptors.ts': 'export const interceptors = () => ({});\n',
      'src/worker.ts': `import path from 'node:path';
import { Worker } from '@temporalio/worker';
const SLOTS = 1_000;
const base = { maxCachedWorkflows: 0x10 };
Worker.create({
  workflowsPath: require.resolve('./workflows'),
  taskQueue: 'q',
  ...base,
  maxConcurrentWorkflowTaskExecutions: SLOTS,
  shutdownGraceTime: 500,
  interceptors: { workflowModules: [require.resolve('./interceptors'), path.join(__dirname, 'interceptors')] },
  maxConcurrentActivityTaskExecutions: slots(),
  enableLoggingInReplay: true,
});`,
    });
    const config = await load(dir);
    const interceptors = path.join(dir, 'src/interceptors.ts');
    assert.deepEqual(config.worker, {
      maxCachedWorkflows: 16,
      maxConcurrentWorkflowTaskExecutions: 1000,
      shutdownGraceTime: 500,
      workflowInterceptorModules: [interceptors, path.join(dir, 'src/interceptors')],
    });
    assert.deepEqual(config.notes, [
      'Its worker applies these options of Worker.create (src/worker.ts:5) too: maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions, shutdownGraceTime, interceptors.workflowModules (src/interceptors.ts, src/interceptors).',
      "Options of Worker.create (src/worker.ts:5) that rewind dev's worker does not apply:\n" +
        '  maxConcurrentActivityTaskExecutions: `slots()` is computed when the worker runs (rewind dev reads values from source); its default applies\n' +
        "  enableLoggingInReplay: not an option of Rewind's worker",
    ]);

    // Interceptors that are not paths, and options from a spread rewind dev cannot read.
    const unread = project({
      'src/worker.ts': `import { Worker } from '@temporalio/worker';
Worker.create({
  workflowsPath: require.resolve('./workflows'),
  taskQueue: 'q',
  interceptors: { workflowModules: modules, activity: [() => ({})] },
  sinks: { logger: { info: { fn: () => undefined } } },
  ...more(),
});`,
    });
    const notes = (await load(unread)).notes!.join('\n');
    assert.match(
      notes,
      /interceptors\.activity: activities run without these interceptors; rewind dev applies functions that a module of the project exports/,
    );
    assert.match(
      notes,
      /sinks: a workflow call of a sink \(proxySinks\) is logged as an error instead of made; rewind dev applies functions/,
    );
    assert.match(
      notes,
      /interceptors\.workflowModules: not each one a path rewind dev can read from source .*the workflows run without these interceptors/,
    );
    assert.match(notes, /\.\.\.spread: rewind dev reads only the options written in the call/);
    assert.equal((await load(unread)).worker, undefined);

    // Sinks and activity interceptor factories exported by project modules: applied.
    const exported = project({
      'src/sinks.ts': 'export const analytics = { track: { fn: () => undefined } };\n',
      'src/interceptors.ts': 'export const tag = () => ({});\n',
      'src/worker.ts': `import { Worker } from '@temporalio/worker';
import { analytics } from './sinks';
import * as interceptors from './interceptors';
Worker.create({ workflowsPath: require.resolve('./workflows'), taskQueue: 'q', sinks: { analytics }, interceptors: { activity: [interceptors.tag] } });`,
    });
    const withExports = await load(exported);
    assert.deepEqual(withExports.worker, {
      sinks: { each: { analytics: { path: path.join(exported, 'src/sinks.ts'), name: 'analytics' } } },
      activityInterceptors: [{ path: path.join(exported, 'src/interceptors.ts'), name: 'tag' }],
    });
  });

  it('leaves projects alone that have a Rewind configuration or do not depend on @temporalio/worker; finds the project from below', async function () {
    const worker = `import { Worker } from '@temporalio/worker';\nWorker.create({ workflowsPath: require.resolve('./workflows'), taskQueue: 'from-source' });\n`;
    const configured = project(
      { 'src/worker.ts': worker },
      { dependencies: { '@temporalio/worker': '1' }, rewind: { workflowsPath: 'src/workflows.ts', taskQueue: 'configured' } },
    );
    assert.equal((await load(configured)).taskQueue, 'configured');
    assert.equal((await load(configured)).detected, undefined);
    await assert.rejects(
      load(configured, 'other'),
      /--task-queue and --worker choose among the Temporal workers .* names taskQueue 'configured' and its workflows: change them there/,
    );
    const notTemporal = project({ 'src/worker.ts': worker }, { dependencies: {} });
    assert.equal(await readProjectSettings(notTemporal, noModules), undefined);
    await assert.rejects(load(project({})), /, and no Worker\.create of @temporalio\/worker is in its source files .*"rewind": \{/s);
    const temporal = project({ 'src/worker.ts': worker });
    assert.equal(findProjectDir(path.join(temporal, 'src')), temporal);
  });
});
