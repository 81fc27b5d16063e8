// `rewind dev` in a Temporal project as it is (no Rewind configuration): its options are read from
// src/worker.ts's Worker.create, a @temporalio/client starts the workflow, activities written for
// @temporalio/activity (and a package of the project that imports it) run on Rewind's, a
// non-deterministic edit is caught and a compatible one moves the run; unreadable options are explained.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DevProcess } from '../helpers/dev-process';
import { tempDir } from '../helpers/temp';

const REPO = path.resolve(__dirname, '../../..');
const TEMPORAL_PACKAGES = ['activity', 'client', 'common', 'core-bridge', 'nexus', 'proto', 'worker', 'workflow'];

const ACTIVITIES = `import { Context, activityInfo, log } from '@temporalio/activity';
import { whereAmI } from 'activity-helpers';

export async function greet(name: string): Promise<string> {
  Context.current().heartbeat('greeting');
  log.info(\`greeting \${name}\`);
  return \`hello \${name} (attempt \${activityInfo().attempt}, \${whereAmI()})\`;
}
export async function shout(name: string): Promise<string> {
  return name.toUpperCase();
}
`;

/** A package of the project (in its node_modules, not bundled) that imports @temporalio/activity itself. */
const HELPER = `const { Context } = require('@temporalio/activity');
exports.whereAmI = () => { Context.current().heartbeat('helper'); return 'in ' + Context.current().info.activityType; };
`;

const workflows = (
  first: 'greet' | 'shout',
  version: string,
): string => `import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './activities';

const { greet, shout } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });
export const go = defineSignal('go');

export async function greeter(name: string): Promise<string> {
  let ready = false;
  setHandler(go, () => void (ready = true));
  const first = await ${first}(name);
  await condition(() => ready);
  return \`${version}: \${first}\`;
}
`;

const WORKER = `import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from './activities';
import { TASK_QUEUE } from './shared';

async function run(): Promise<void> {
  const connection = await NativeConnection.connect({ address: 'localhost:7233' });
  try {
    const worker = await Worker.create({
      connection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      workflowsPath: require.resolve('./workflows'),
      activities,
    });
    await worker.run();
  } finally {
    await connection.close();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

/** A Temporal project as Temporal's samples lay it out, its node_modules linking this repository's @temporalio packages. */
function temporalProject(worker = WORKER): string {
  const project = tempDir('rewind-dev-temporal-');
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  };
  const deps = Object.fromEntries(['activity', 'client', 'worker', 'workflow'].map((p) => [`@temporalio/${p}`, '1.24.0']));
  write('package.json', JSON.stringify({ name: 'temporal-project', private: true, dependencies: deps }));
  for (const p of TEMPORAL_PACKAGES) {
    fs.mkdirSync(path.join(project, 'node_modules/@temporalio'), { recursive: true });
    fs.symlinkSync(path.join(REPO, 'node_modules/@temporalio', p), path.join(project, 'node_modules/@temporalio', p), 'dir');
  }
  write('node_modules/activity-helpers/package.json', JSON.stringify({ name: 'activity-helpers', main: 'index.js' }));
  write('node_modules/activity-helpers/index.js', HELPER);
  write('src/shared.ts', "export const TASK_QUEUE = 'temporal-dev-q';\n");
  write('src/activities.ts', ACTIVITIES);
  write('src/workflows.ts', workflows('greet', 'v1'));
  write('src/worker.ts', worker);
  return project;
}

describe('rewind dev in a Temporal project without a Rewind configuration', function () {
  this.timeout(90_000);
  let project: string;
  let dev: DevProcess;
  let connection: Connection;
  let client: Client;

  before(async function () {
    project = temporalProject();
    // Started in src/: the project is the folder above whose package.json depends on @temporalio/worker.
    dev = DevProcess.start(path.join(project, 'src'));
    const ready = await dev.waitFor(/Ready in \d+ ms/, 0, 30_000);
    assert.match(ready, /\(configuration: src\/worker\.ts \(Temporal's Worker\.create\)\)/);
    assert.match(ready, /workflows greeter\n/);
    assert.match(ready, /Worker running on task queue 'temporal-dev-q' \(namespace default\)/);
    connection = await Connection.connect({ address: /Server listening on (\S+);/.exec(ready)![1]! });
    client = new Client({ connection });
  });

  after(async function () {
    await connection?.close();
    await dev?.kill();
  });

  const start = (workflowId: string): Promise<unknown> =>
    client.workflow.start('greeter', { taskQueue: 'temporal-dev-q', workflowId, args: ['ada'] });
  const waitingForGo = async (workflowId: string): Promise<void> => {
    const handle = client.workflow.getHandle(workflowId);
    for (let i = 0; i < 200; i++) {
      const { events } = await handle.fetchHistory();
      if (events?.some((e) => e.activityTaskCompletedEventAttributes)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${workflowId} did not complete its activity; rewind dev printed:\n${dev.output.slice(-3000)}`);
  };
  const finish = async (workflowId: string): Promise<unknown> => {
    const handle = client.workflow.getHandle(workflowId);
    await handle.signal('go');
    return handle.result();
  };

  it("runs a workflow a Temporal client starts; its activities' Context, heartbeat and log are Rewind's, in a package of the project too", async function () {
    const mark = dev.output.length;
    await start('first');
    await waitingForGo('first');
    assert.equal(await finish('first'), 'v1: hello ada (attempt 1, in greet)');
    await dev.waitFor(/\[worker [0-9a-f]{6}\] .*greeting ada/, mark);
  });

  it('moves a run to a compatible edit, and keeps one the edit cannot replay on its build, saying where', async function () {
    await start('compatible');
    await waitingForGo('compatible');
    let mark = dev.output.length;
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows('greet', 'v2'));
    let out = await dev.waitFor(/Now running build/, mark);
    assert.match(out, /1 move to the new code, 0 do not replay on it\./);
    assert.equal(await finish('compatible'), 'v2: hello ada (attempt 1, in greet)');

    await start('incompatible');
    await waitingForGo('incompatible');
    mark = dev.output.length;
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows('shout', 'v3'));
    out = await dev.waitFor(/Now running build/, mark);
    assert.match(out, /0 move to the new code, 1 do not replay on it\./);
    assert.match(
      out,
      // Said relative to where rewind dev was started (src/).
      /history holds ActivityTaskScheduled\(greet\), but the code issued ScheduleActivityTask\(shout\) at workflows\.ts:10:\d+/,
    );
    assert.match(out, /It keeps running on build [0-9a-f]{12} \(the code it started with\)/);
    assert.equal(await finish('incompatible'), 'v2: hello ada (attempt 1, in greet)', 'the build it started on finishes it');
  });
});

describe('rewind dev in a Temporal project whose Worker.create it cannot read', function () {
  this.timeout(30_000);

  it('names the option, where it is, and the package.json field to write instead', async function () {
    const worker = WORKER.replace('taskQueue: TASK_QUEUE,', 'taskQueue: process.argv[2]!,');
    const project = temporalProject(worker);
    const dev = DevProcess.start(project);
    assert.equal(await dev.exited, 1);
    assert.match(dev.output, /the options of its Worker\.create \(src\/worker\.ts:8\) cannot all be read from source/);
    assert.match(dev.output, /"taskQueue": `process\.argv\[2\]` \(src\/worker\.ts:11\) is computed when the worker runs/);
    assert.match(
      dev.output,
      /"rewind": \{\n\s+"workflowsPath": "\.\/src\/workflows\.ts",\n\s+"activities": "\.\/src\/activities\.ts",\n\s+"taskQueue": "my-queue"\n\s+\}/,
    );
  });
});

describe('rewind dev in a Temporal project with several workers', function () {
  this.timeout(30_000);

  it('runs the first and says how to choose; --task-queue runs the one named', async function () {
    const project = temporalProject();
    fs.writeFileSync(path.join(project, 'src/reports-worker.ts'), WORKER.replace('taskQueue: TASK_QUEUE,', "taskQueue: 'reports',"));
    const first = DevProcess.start(project);
    try {
      const ready = await first.waitFor(/Ready in \d+ ms/);
      assert.match(
        ready,
        /Found 2 Temporal workers: 'reports' \(src\/reports-worker\.ts:8\), 'temporal-dev-q' \(src\/worker\.ts:8\); this runs the first\. Choose another with rewind dev --task-queue <name> \(or --worker <its file>\)\./,
      );
      assert.match(ready, /Worker running on task queue 'reports'/);
    } finally {
      await first.kill();
    }
    const chosen = DevProcess.start(project, ['--port', '0', '--task-queue', 'temporal-dev-q']);
    try {
      const ready = await chosen.waitFor(/Ready in \d+ ms/);
      assert.match(ready, /\(configuration: src\/worker\.ts \(Temporal's Worker\.create\)\)/);
      assert.match(ready, /Worker running on task queue 'temporal-dev-q'/);
      assert.doesNotMatch(ready, /Found 2 Temporal workers/);
    } finally {
      await chosen.kill();
    }
  });
});
