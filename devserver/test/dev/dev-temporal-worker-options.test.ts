// `rewind dev` in a Temporal project whose Worker.create has more options than the four it configures
// itself with: those Rewind's worker takes (identity, concurrency, cache, grace time, workflow interceptor
// modules, activity interceptors and sinks exported by project modules) are applied to its worker, and each
// other one (data converter, connection, buildId, rate limits, computed values) is named once at start with
// what leaving it out means.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DevProcess } from '../helpers/dev-process';
import { tempDir } from '../helpers/temp';

const REPO = path.resolve(__dirname, '../../..');
const TEMPORAL_PACKAGES = ['activity', 'client', 'common', 'core-bridge', 'nexus', 'proto', 'worker', 'workflow'];

const WORKFLOWS = `import { proxyActivities, proxySinks, type Sinks } from '@temporalio/workflow';
import type * as activities from './activities';

export interface AnalyticsSinks extends Sinks {
  analytics: { track(event: string): void };
}

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });
const { analytics } = proxySinks<AnalyticsSinks>();

export async function greeter(name: string): Promise<string> {
  analytics.track(\`greeting \${name}\`);
  return await greet(name);
}
`;

/** The worker's sinks, in a module of their own. */
const SINKS = `import type { InjectedSinks } from '@temporalio/worker';
import type { AnalyticsSinks } from './workflows';

export const sinks: InjectedSinks<AnalyticsSinks> = {
  analytics: { track: { fn: (info, event) => console.log(\`analytics: \${info.workflowId} \${event}\`) } },
};
`;

/** An activity interceptor factory, exported by a module. */
const ACTIVITY_INTERCEPTORS = `import type { ActivityInterceptorsFactory } from '@temporalio/worker';

export const tagResults: ActivityInterceptorsFactory = () => ({
  inbound: { execute: async (input, next) => \`\${String(await next(input))} (via activity interceptor)\` },
});
`;

const ACTIVITIES = `export async function greet(name: string): Promise<string> {
  return \`hello \${name}\`;
}
`;

/** A workflow interceptor module: each run's result says it went through it. */
const INTERCEPTORS = `import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [{ execute: async (input, next) => \`intercepted: \${String(await next(input))}\` }],
});
`;

const WORKER = `import { NativeConnection, Worker, type PayloadCodec } from '@temporalio/worker';
import * as activities from './activities';
import { tagResults } from './activity-interceptors';
import { sinks } from './sinks';

const codec: PayloadCodec = { encode: async (p) => p, decode: async (p) => p };
const tuning = { maxActivitiesPerSecond: 10 };

async function run(): Promise<void> {
  const connection = await NativeConnection.connect({ address: 'localhost:7233' });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: 'options-q',
    workflowsPath: require.resolve('./workflows'),
    activities,
    identity: 'orders-worker-1',
    maxCachedWorkflows: 50,
    maxConcurrentActivityTaskExecutions: 4,
    maxConcurrentWorkflowTaskExecutions: Number(process.env.WORKFLOW_SLOTS),
    shutdownGraceTime: '2 seconds',
    interceptors: {
      workflowModules: [require.resolve('./interceptors')],
      activity: [tagResults],
    },
    sinks,
    dataConverter: { payloadCodecs: [codec] },
    buildId: 'v1',
    ...tuning,
  });
  await worker.run();
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

/** A Temporal project (as dev-temporal-project.test.ts makes them) whose worker is WORKER. */
function temporalProject(): string {
  const project = tempDir('rewind-dev-temporal-options-');
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  };
  const deps = Object.fromEntries(['activity', 'client', 'worker', 'workflow'].map((p) => [`@temporalio/${p}`, '1.24.0']));
  write('package.json', JSON.stringify({ name: 'temporal-project', private: true, dependencies: deps }));
  fs.mkdirSync(path.join(project, 'node_modules/@temporalio'), { recursive: true });
  for (const p of TEMPORAL_PACKAGES) {
    fs.symlinkSync(path.join(REPO, 'node_modules/@temporalio', p), path.join(project, 'node_modules/@temporalio', p), 'dir');
  }
  write('src/workflows.ts', WORKFLOWS);
  write('src/activities.ts', ACTIVITIES);
  write('src/interceptors.ts', INTERCEPTORS);
  write('src/activity-interceptors.ts', ACTIVITY_INTERCEPTORS);
  write('src/sinks.ts', SINKS);
  write('src/worker.ts', WORKER);
  return project;
}

describe("rewind dev in a Temporal project: Worker.create's other options", function () {
  this.timeout(60_000);
  let dev: DevProcess;
  let connection: Connection;
  let client: Client;
  let ready: string;

  before(async function () {
    dev = DevProcess.start(temporalProject());
    ready = await dev.waitFor(/Ready in \d+ ms/, 0, 30_000);
    connection = await Connection.connect({ address: /Server listening on (\S+);/.exec(ready)![1]! });
    client = new Client({ connection });
  });

  after(async function () {
    await connection?.close();
    await dev?.kill();
  });

  it('says once, at start, which options of which Worker.create it applies and which not, and what that means', function () {
    const applied = /Its worker applies these options of Worker\.create \(src\/worker\.ts:11\) too: (.*)\.\n/.exec(ready)?.[1];
    assert.equal(
      applied,
      'identity, maxCachedWorkflows, maxConcurrentActivityTaskExecutions, shutdownGraceTime, interceptors.workflowModules (src/interceptors.ts), interceptors.activity (src/activity-interceptors.ts), sinks (src/sinks.ts)',
      ready,
    );
    const block = /Options of Worker\.create \(src\/worker\.ts:11\) that rewind dev's worker does not apply:\n((?: {2}.*\n)+)/.exec(
      ready,
    )?.[1];
    assert.ok(block, `no list of the options not applied; rewind dev printed:\n${ready}`);
    const means = new Map(
      block
        .trimEnd()
        .split('\n')
        .map((l) => l.trim().split(/: (.*)/s) as [string, string]),
    );
    assert.deepEqual(
      [...means.keys()],
      ['connection', 'maxConcurrentWorkflowTaskExecutions', 'dataConverter', 'buildId', 'maxActivitiesPerSecond'],
      block,
    );
    assert.match(means.get('connection')!, /connects to rewind dev's own server/);
    assert.match(
      means.get('maxConcurrentWorkflowTaskExecutions')!,
      /`Number\(process\.env\.WORKFLOW_SLOTS\)` is computed when the worker runs/,
    );
    assert.match(means.get('dataConverter')!, /payload codec or a custom converter does not decode here/);
    assert.match(means.get('buildId')!, /keep open runs on the build they started on/);
    assert.match(means.get('maxActivitiesPerSecond')!, /Rewind's worker has no such setting/);
    assert.equal(dev.output.match(/does not apply/g)?.length, 1, 'said once');
  });

  it('runs the workflows and activities through the interceptors, calls the sinks, and polls with the identity given', async function () {
    const mark = dev.output.length;
    const handle = await client.workflow.start('greeter', { taskQueue: 'options-q', workflowId: 'options-1', args: ['ada'] });
    assert.equal(await handle.result(), 'intercepted: hello ada (via activity interceptor)');
    await dev.waitFor(/\[worker [0-9a-f]{6}\] analytics: options-1 greeting ada\n/, mark);
    const { events } = await handle.fetchHistory();
    const identities = new Set(
      events?.flatMap((e) => e.workflowTaskStartedEventAttributes?.identity ?? e.activityTaskStartedEventAttributes?.identity ?? []),
    );
    assert.deepEqual([...identities], ['orders-worker-1']);
  });
});
