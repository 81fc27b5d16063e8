// A Temporal project's own tests on Rewind, as its user writes and runs them: a project outside the
// repository with @rewind/devserver installed from the clone (a file: dependency, linked as npm links it),
// a mocha test in TypeScript and a jest test in JavaScript, each importing @rewind/devserver/temporal-testing
// and @temporalio/testing, a Temporal Worker running a workflow that sleeps for 30 days; each runner run in a
// child process, its output checked, and the Rewind server it ran seen as a descendant of it, gone after.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { tempDir } from '../helpers/temp';

const REPO = path.resolve(__dirname, '../../..');
const SERVER = path.join(REPO, 'devserver/bin/rewind-temporal-server.js');
const TEMPORAL_PACKAGES = ['activity', 'client', 'common', 'core-bridge', 'nexus', 'proto', 'testing', 'worker', 'workflow'];

const WORKFLOWS = `import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { remind } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function trialReminder(user: string): Promise<string> {
  await sleep('30 days');
  return await remind(user);
}
`;

const ACTIVITIES = `export async function remind(user: string): Promise<string> {
  return \`trial over, \${user}\`;
}
`;

/** The mocha test, in TypeScript (run with tsx), the workflow's real activities. */
const MOCHA_TEST = `import assert from 'node:assert/strict';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { rewindTemporalServer } from '@rewind/devserver/temporal-testing';
import * as activities from '../src/activities';
import { trialReminder } from '../src/workflows';

describe('trialReminder', function () {
  this.timeout(60_000);
  let env: TestWorkflowEnvironment;

  before(async function () {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: rewindTemporalServer } });
  });

  after(async function () {
    await env?.teardown();
  });

  it('reminds the user after the 30-day trial', async function () {
    const { client, nativeConnection } = env;
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue: 'test',
      workflowsPath: require.resolve('../src/workflows'),
      activities,
    });
    const start = await env.currentTimeMs();
    const result = await worker.runUntil(
      client.workflow.execute(trialReminder, { args: ['ada'], workflowId: 'trial-ada', taskQueue: 'test' }),
    );
    assert.equal(result, 'trial over, ada');
    assert.ok((await env.currentTimeMs()) - start >= 30 * 24 * 3600 * 1000, 'the clock skipped 30 days');
  });
});
`;

/** The jest test, in JavaScript, its activity mocked. */
const JEST_TEST = `const { TestWorkflowEnvironment } = require('@temporalio/testing');
const { Worker } = require('@temporalio/worker');
const { rewindTemporalServer } = require('@rewind/devserver/temporal-testing');

let env;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: rewindTemporalServer } });
});

afterAll(async () => {
  await env?.teardown();
});

test('reminds the user after the 30-day trial, with a mocked activity', async () => {
  const { client, nativeConnection } = env;
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'test',
    workflowsPath: require.resolve('../src/workflows'),
    activities: { remind: async (user) => \`mocked reminder for \${user}\` },
  });
  const start = await env.currentTimeMs();
  const result = await worker.runUntil(
    client.workflow.execute('trialReminder', { args: ['ada'], workflowId: 'trial-ada', taskQueue: 'test' }),
  );
  expect(result).toBe('mocked reminder for ada');
  expect((await env.currentTimeMs()) - start).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
}, 60_000);
`;

/**
 * A Temporal project as `npm install -D /path/to/rewind/devserver @temporalio/testing mocha jest tsx` leaves it:
 * package.json names the clone's devserver as a file: dependency, node_modules/@rewind/devserver links to it,
 * node_modules/.bin has the packages' commands; the other packages link to this repository's copies.
 */
function temporalTestProject(): string {
  const project = tempDir('rewind-temporal-testing-project-');
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  };
  const link = (target: string, at: string): void => {
    fs.mkdirSync(path.dirname(path.join(project, at)), { recursive: true });
    fs.symlinkSync(target, path.join(project, at));
  };
  const temporal = (names: string[]): Record<string, string> => Object.fromEntries(names.map((p) => [`@temporalio/${p}`, '1.24.0']));
  write(
    'package.json',
    JSON.stringify(
      {
        name: 'temporal-project',
        private: true,
        scripts: { test: 'mocha', 'test:jest': 'jest' },
        dependencies: temporal(['activity', 'client', 'worker', 'workflow']),
        devDependencies: {
          ...temporal(['testing']),
          '@rewind/devserver': `file:${path.join(REPO, 'devserver')}`,
          jest: '^30.5.2',
          mocha: '^12.0.3',
          tsx: '^4.23.15',
        },
        jest: { testMatch: ['<rootDir>/test/**/*.test.js'] },
      },
      null,
      2,
    ),
  );
  write('.mocharc.json', JSON.stringify({ require: ['tsx/cjs'], spec: ['test/**/*.test.ts'] }));
  write('src/workflows.ts', WORKFLOWS);
  write('src/activities.ts', ACTIVITIES);
  write('test/workflows.test.ts', MOCHA_TEST);
  write('test/workflows.test.js', JEST_TEST);
  link(path.join(REPO, 'devserver'), 'node_modules/@rewind/devserver');
  for (const p of TEMPORAL_PACKAGES) link(path.join(REPO, 'node_modules/@temporalio', p), `node_modules/@temporalio/${p}`);
  for (const p of ['mocha', 'jest', 'tsx']) link(path.join(REPO, 'node_modules', p), `node_modules/${p}`);
  link('../@rewind/devserver/bin/rewind.js', 'node_modules/.bin/rewind');
  link('../@rewind/devserver/bin/rewind-temporal-server.js', 'node_modules/.bin/rewind-temporal-server');
  link('../mocha/bin/mocha.js', 'node_modules/.bin/mocha');
  link('../jest/bin/jest.js', 'node_modules/.bin/jest');
  return project;
}

/** The parent pid of `pid`, undefined once it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    // `pid (comm) state ppid …`: comm may hold spaces, so read after its closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Live (not zombie) processes running Rewind's test server from this repository, with their command lines. */
function rewindServers(): Map<number, string[]> {
  const found = new Map<number, string[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const zombie = /^State:\s+Z/m.test(fs.readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (!zombie && cmdline.includes(SERVER)) found.set(Number(entry), cmdline);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function descendsFrom(pid: number, ancestor: number): boolean {
  for (let p: number | undefined = parentOf(pid); p !== undefined && p > 1; p = parentOf(p)) if (p === ancestor) return true;
  return false;
}

interface RunnerRun {
  code: number | null;
  output: string;
  /** The command lines of the Rewind servers seen running below the runner's process. */
  servers: string[][];
}

/** Runs `bin` of the project's node_modules/.bin in the project (as `npx <bin>`), watching for the servers it starts. */
async function runInProject(project: string, bin: string): Promise<RunnerRun> {
  const runner = spawn(process.execPath, [path.join(project, 'node_modules/.bin', bin)], {
    cwd: project,
    env: { ...process.env, NODE_OPTIONS: '', CI: 'true', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  runner.stdout.on('data', (d: Buffer) => (output += d.toString()));
  runner.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const servers = new Map<number, string[]>();
  const watch = setInterval(() => {
    for (const [pid, cmdline] of rewindServers()) if (descendsFrom(pid, runner.pid!)) servers.set(pid, cmdline);
  }, 50);
  const code = await new Promise<number | null>((resolve) => runner.once('exit', resolve));
  clearInterval(watch);
  const left = [...servers.keys()].filter((pid) => rewindServers().has(pid));
  assert.deepEqual(left, [], `the test run left Rewind's server running; it printed:\n${output}`);
  // Without colours (the reporters colour their marks on some terminals).
  return { code, output: stripVTControlCharacters(output), servers: [...servers.values()] };
}

/** Temporal's SDK started Rewind's executable (no download) under the runner, once, as its time-skipping test server (`<port>`). */
function assertOneTestServer(run: RunnerRun): void {
  assert.equal(run.servers.length, 1, `one Rewind server during the run; it printed:\n${run.output}`);
  const args = run.servers[0]!.slice(run.servers[0]!.indexOf(SERVER) + 1).filter((a) => a !== '');
  assert.match(args.join(' '), /^\d+$/, `the test server's arguments: ${args.join(' ')}`);
}

describe('a Temporal project tests its workflows on Rewind with @temporalio/testing, in mocha and in jest', function () {
  this.timeout(180_000);
  let project: string;

  before(function () {
    project = temporalTestProject();
  });

  it('mocha runs a TypeScript test of a 30-day workflow to its end, on a Rewind server it starts as a child and stops', async function () {
    const run = await runInProject(project, 'mocha');
    assert.equal(run.code, 0, `mocha failed:\n${run.output}`);
    assert.match(run.output, /✔ reminds the user after the 30-day trial/);
    assert.match(run.output, /\b1 passing\b/);
    assert.doesNotMatch(run.output, /failing|pending/);
    assertOneTestServer(run);
  });

  it('jest runs a JavaScript test of the same workflow, its activity mocked, and exits when done', async function () {
    const run = await runInProject(project, 'jest');
    assert.equal(run.code, 0, `jest failed:\n${run.output}`);
    assert.match(run.output, /PASS test\/workflows\.test\.js/);
    assert.match(run.output, /✓ reminds the user after the 30-day trial, with a mocked activity/);
    assert.match(run.output, /Tests:\s+1 passed, 1 total/);
    assert.doesNotMatch(run.output, /did not exit|open handle/i);
    assertOneTestServer(run);
  });
});
