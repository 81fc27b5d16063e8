// `rewind dev` as a user runs it, in a temporary project: it starts, runs a workflow, moves it to
// compatible new code, keeps workflows that the new code cannot replay on the old code (and says
// why, where, and what to do), survives a syntax error, refuses a second instance, and stops on Ctrl-C.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import { DevProcess } from '../helpers/dev-process';
import { installTypeScript } from '../helpers/project-typescript';
import { tempDir } from '../helpers/temp';
import { runCli } from '../cli/run-cli';

const REWIND = path.resolve(__dirname, '../../bin/rewind.js');

const ACTIVITIES = `import { activityInfo } from '@rewind/sdk/activity';
export async function greet(name: string): Promise<string> {
  return \`hello \${name} (attempt \${activityInfo().attempt})\`;
}
export async function shout(name: string): Promise<string> {
  return name.toUpperCase();
}
`;

const workflows = (
  first: 'greet' | 'shout',
  version: string,
  extra = '',
): string => `import { condition, defineSignal, proxyActivities, setHandler } from '@rewind/sdk/workflow';
import type * as activities from './activities';

const { greet, shout } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });
export const go = defineSignal('go');

export async function greeter(name: string): Promise<string> {
  let ready = false;
  setHandler(go, () => void (ready = true));
  const first = await ${first}(name);
  await condition(() => ready);
  const second = await shout(name);
  return \`${version}: \${first} / \${second}\`;
}
${extra}`;

describe('rewind dev', function () {
  this.timeout(90_000);
  let project: string;
  let dev: DevProcess;
  let client: Client;
  let connection: Connection;

  const write = (file: string, text: string): void => fs.writeFileSync(path.join(project, file), text);

  before(async function () {
    project = tempDir('rewind-dev-');
    fs.mkdirSync(path.join(project, 'src'));
    write(
      'package.json',
      JSON.stringify({
        name: 'dev-test',
        private: true,
        rewind: { workflowsPath: './src/workflows.ts', activities: './src/activities.ts', taskQueue: 'dev-q' },
      }),
    );
    write('src/activities.ts', ACTIVITIES);
    write('src/workflows.ts', workflows('greet', 'v1'));
    installTypeScript(project, '5');
    dev = DevProcess.start(project);
    const ready = await dev.waitFor(/Ready in \d+ ms/);
    assert.match(ready, /Built in \d+ ms \(build [0-9a-f]{12}\): workflows greeter\n/);
    const address = /Server listening on (127\.0\.0\.1:\d+)/.exec(ready)![1]!;
    connection = await Connection.connect({ address });
    client = new Client({ connection });
  });

  after(async function () {
    await connection?.close();
    await dev?.kill();
  });

  const start = (workflowId: string, name: string) => client.workflow.start('greeter', { taskQueue: 'dev-q', workflowId, args: [name] });
  const waitingForGo = async (workflowId: string): Promise<void> => {
    const handle = client.workflow.getHandle(workflowId);
    for (let i = 0; i < 200; i++) {
      if ((await handle.fetchHistory()).events.some((e) => e.type === 'ActivityTaskCompleted')) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    const d = await handle.describe();
    throw new Error(
      `${workflowId} did not get past its first step: ${JSON.stringify({ task: d.raw.pendingWorkflowTask, activities: d.raw.pendingActivities })}\nrewind dev printed:\n${dev.output.slice(-3000)}`,
    );
  };
  const finish = async (workflowId: string): Promise<unknown> => {
    const handle = client.workflow.getHandle(workflowId);
    await handle.signal('go');
    return handle.result();
  };

  it('moves a running workflow to new code that replays its history', async function () {
    await start('compatible', 'ada');
    await waitingForGo('compatible');
    const mark = dev.output.length;
    write('src/workflows.ts', workflows('greet', 'v2'));
    const out = await dev.waitFor(/Now running build/, mark);
    assert.match(out, /Rebuilt in \d+ ms \(type check \d+ ms; build [0-9a-f]{12}\)/);
    assert.match(out, /Replayed 1 open workflow\(s\) in \d+ ms: 1 move to the new code, 0 do not replay on it\./);
    assert.equal(await finish('compatible'), 'v2: hello ada (attempt 1) / ADA');
  });

  it('restarts the worker for a change of activities only, without replaying anything', async function () {
    const mark = dev.output.length;
    write('src/activities.ts', ACTIVITIES.replace('return name.toUpperCase();', "return name.toUpperCase() + '!';"));
    const out = await dev.waitFor(/activities changed; the worker restarted with them\./, mark);
    assert.doesNotMatch(out, /Replayed/);
    await start('new-activities', 'al');
    await waitingForGo('new-activities');
    assert.equal(await finish('new-activities'), 'v2: hello al (attempt 1) / AL!');
    write('src/activities.ts', ACTIVITIES);
    await dev.waitFor(/activities changed; the worker restarted with them\.[^]*activities changed; the worker restarted with them\./, mark);
  });

  it('keeps a workflow the new code cannot replay on the old code, says why and where, and runs new ones on the new code', async function () {
    await start('incompatible', 'bo');
    await waitingForGo('incompatible');
    const mark = dev.output.length;
    write('src/workflows.ts', workflows('shout', 'v2'));
    const out = await dev.waitFor(/Now running build/, mark);
    assert.match(out, /0 move to the new code, 1 do not replay on it\./);
    assert.match(out, /incompatible \(run [0-9a-f-]{36}\): Workflow incompatible \(greeter\) is not deterministic at event 5/);
    assert.match(
      out,
      /history holds ActivityTaskScheduled\(greet\), but the code issued ScheduleActivityTask\(shout\) at src\/workflows\.ts:10:\d+/,
    );
    assert.match(out, /patched\('your-change-id'\)/);
    assert.match(out, /It keeps running on build [0-9a-f]{12} \(the code it started with\)/);
    assert.doesNotMatch(out, /it is not failed/, "a plain worker's words (the run waits) are not what rewind dev does with it");
    // The old code finishes it; a new workflow runs the new code.
    assert.equal(await finish('incompatible'), 'v2: hello bo (attempt 1) / BO');
    await start('after-change', 'cy');
    await waitingForGo('after-change');
    assert.equal(await finish('after-change'), 'v2: CY / CY');
    await dev.waitFor(/Stopped the worker of build [0-9a-f]{12}: no open workflow run needs it any more\./, mark);
  });

  it('keeps the running code through a syntax error, and says so once', async function () {
    const mark = dev.output.length;
    write('src/workflows.ts', workflows('shout', 'v2', 'export const broken = ;\n'));
    const out = await dev.waitFor(
      /Build failed; the worker keeps running the previous code\.\n[^]*src\/workflows\.ts:15:\d+: Unexpected ";"/,
      mark,
    );
    assert.ok(out);
    write('src/workflows.ts', workflows('shout', 'v2', 'export const broken = ;\n// saved again\n'));
    await start('during-error', 'di');
    await waitingForGo('during-error');
    assert.equal(await finish('during-error'), 'v2: DI / DI');
    assert.equal(dev.output.slice(mark).split('Build failed').length - 1, 1, 'the same error is printed once');
    write('src/workflows.ts', workflows('shout', 'v3'));
    await dev.waitFor(/Now running build/, mark);
  });

  it('keeps the running code through a type error, and names file, line and what is wrong', async function () {
    const mark = dev.output.length;
    write('src/workflows.ts', workflows('shout', 'v4', "export const count: number = 'three';\n"));
    await dev.waitFor(
      /Build failed; the worker keeps running the previous code\.\nType errors:\n  src\/workflows\.ts:15:14: Type 'string' is not assignable to type 'number'\./,
      mark,
    );
    await start('during-type-error', 'te');
    await waitingForGo('during-type-error');
    assert.equal(await finish('during-type-error'), 'v3: TE / TE', 'the previous code runs');
    write('src/workflows.ts', workflows('shout', 'v4'));
    await dev.waitFor(/Now running build/, mark);
  });

  it('refuses a second rewind dev in the same folder (found from a subfolder too), and explains a folder without configuration', async function () {
    const devIn = (cwd: string): Promise<{ code: number | null; out: string }> =>
      new Promise((resolve) => {
        const p = spawn(process.execPath, [REWIND, 'dev', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.stderr.on('data', (d: Buffer) => (out += d.toString()));
        p.once('exit', (code) => resolve({ code, out }));
      });
    const second = await devIn(project);
    assert.equal(second.code, 1);
    assert.match(second.out, /rewind dev is already running in .+ \(process \d+, server 127\.0\.0\.1:\d+\)/);
    // From src/, it finds the project above (as git finds its repository): the same one, running.
    const fromSrc = await devIn(path.join(project, 'src'));
    assert.equal(fromSrc.code, 1);
    assert.ok(fromSrc.out.includes(`rewind dev is already running in ${project}`), fromSrc.out);
    const empty = tempDir('rewind-dev-empty-');
    const none = await runCli(['dev', '--dir', empty]);
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /No Rewind configuration in .+"workflowsPath": "\.\/src\/workflows\.ts",\s+"activities": "\.\/src\/activities\.ts",\s+"taskQueue": "my-queue"/s,
    );
  });

  it('takes its worker along when it is killed (kill -9): no old code left serving the queue', async function () {
    const other = tempDir('rewind-dev-killed-');
    fs.mkdirSync(path.join(other, 'src'));
    fs.writeFileSync(
      path.join(other, 'package.json'),
      JSON.stringify({ rewind: { workflowsPath: './src/workflows.ts', taskQueue: 'killed-q' } }),
    );
    fs.writeFileSync(path.join(other, 'src/workflows.ts'), workflows('greet', 'v1'));
    const killed = DevProcess.start(other);
    const ready = await killed.waitFor(/Ready in \d+ ms/);
    const address = /Server listening on (127\.0\.0\.1:\d+)/.exec(ready)![1]!;
    const described = await runCli(['task-queue', 'describe', '-t', 'killed-q', '--address', address, '-o', 'json']);
    const identity = (JSON.parse(described.stdout) as { pollers: { identity: string }[] }).pollers[0]!.identity;
    const workerPid = Number(identity.split('@')[0]);
    assert.ok(workerPid > 0 && workerPid !== killed.proc.pid);
    killed.proc.kill('SIGKILL');
    await killed.exited;
    const alive = (): boolean => {
      try {
        process.kill(workerPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(!alive(), `the worker process ${workerPid} outlived rewind dev`);
  });

  it('stops everything on Ctrl-C', async function () {
    dev.proc.kill('SIGINT');
    assert.equal(await dev.exited, 0);
    assert.match(dev.output, /Stopped\.\n$/);
    assert.ok(!fs.existsSync(path.join(project, '.rewind', 'dev.json')), 'the lock file is gone');
  });
});
