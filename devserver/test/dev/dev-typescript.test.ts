// `rewind dev` with whatever TypeScript the project has: 7 (what `npm install -D typescript` brings
// today: the native compiler, checked by running its tsc), none, or one that fails or hangs. Every save
// is acted on (rebuilt, the open runs replayed, switched); a checker that cannot run is said once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@rewind/sdk/client';
import { loadDevConfig } from '../../src/dev/dev-config';
import { DevSession } from '../../src/dev/dev-session';
import { silentLogger } from '../../src/service/logger';
import { DevProcess, useRewindDev } from '../helpers/dev-process';
import { installTypeScript, type ProjectTypeScriptKind } from '../helpers/project-typescript';
import { tempDir } from '../helpers/temp';

const ACTIVITIES = `export async function greet(name: string): Promise<string> {
  return 'hello ' + name;
}
`;

const workflows = (
  version: string,
  extra = '',
): string => `import { condition, defineSignal, proxyActivities, setHandler } from '@rewind/sdk/workflow';
import type * as activities from './activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });
export const go = defineSignal('go');

export async function greeter(name: string): Promise<string> {
  let ready = false;
  setHandler(go, () => void (ready = true));
  const first = await greet(name);
  await condition(() => ready);
  return '${version}: ' + first;
}
${extra}`;

const TYPE_ERROR = "export const count: number = 'three';\n";

/** A project as the README sets one up, with the TypeScript asked for (or none). */
function makeProject(typescript: ProjectTypeScriptKind | undefined): string {
  const project = tempDir('rewind-dev-ts-');
  fs.mkdirSync(path.join(project, 'src'));
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'ts-test',
      private: true,
      rewind: { workflowsPath: './src/workflows.ts', activities: './src/activities.ts', taskQueue: 'ts-q' },
    }),
  );
  fs.writeFileSync(path.join(project, 'src/activities.ts'), ACTIVITIES);
  fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows('v1'));
  if (typescript) installTypeScript(project, typescript);
  return project;
}

/** Starts a greeter and waits until it is past its activity (it then waits for the signal). */
async function startOpenRun(client: Client, workflowId: string): Promise<void> {
  const handle = await client.workflow.start('greeter', { taskQueue: 'ts-q', workflowId, args: ['ada'] });
  for (let i = 0; i < 300; i++) {
    if ((await handle.fetchHistory()).events.some((e) => e.type === 'ActivityTaskCompleted')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${workflowId} did not get past its activity`);
}

async function finish(client: Client, workflowId: string): Promise<unknown> {
  const handle = client.workflow.getHandle(workflowId);
  await handle.signal('go');
  return handle.result();
}

describe('rewind dev and the project’s TypeScript', function () {
  this.timeout(90_000);

  describe('TypeScript 7 (the native compiler)', function () {
    const rewindDev = useRewindDev(() => makeProject('7'));

    it('reports a type error with file, line and message, and keeps the running code', async function () {
      await startOpenRun(rewindDev.client, 'ts7-open');
      const { dev, project } = rewindDev;
      const mark = dev.output.length;
      fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows('v2', TYPE_ERROR));
      await dev.waitFor(
        /Build failed; the worker keeps running the previous code\.\nType errors:\n  src\/workflows\.ts:14:14: Type 'string' is not assignable to type 'number'\./,
        mark,
      );
      assert.doesNotMatch(dev.output.slice(mark), /Now running build/);
    });

    it('acts on every save once the code type-checks: rebuilt, checked by tsc, open runs replayed, switched', async function () {
      const { dev, project } = rewindDev;
      const mark = dev.output.length;
      fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows('v2'));
      const out = await dev.waitFor(/Now running build/, mark);
      assert.match(out, /Rebuilt in \d+ ms \(type check \d+ ms; build [0-9a-f]{12}\)/);
      assert.match(out, /Replayed 1 open workflow\(s\) in \d+ ms: 1 move to the new code/);
      assert.equal(await finish(rewindDev.client, 'ts7-open'), 'v2: hello ada');
      // And again: the check of one save does not hold up the next.
      const again = dev.output.length;
      fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows('v3'));
      await dev.waitFor(/Rebuilt in \d+ ms \(type check \d+ ms; build [0-9a-f]{12}\)[^]*Now running build/, again);
      assert.doesNotMatch(dev.output, /type checker/i, 'nothing went wrong with the type checker');
    });
  });

  describe('no TypeScript', function () {
    it('says once that saves are not type-checked, and rebuilds and switches on every save', async function () {
      const project = makeProject(undefined);
      const dev = DevProcess.start(project);
      try {
        await dev.waitFor(
          /TypeScript is not installed in this project: saves are built and switched without type checks \(npm install -D typescript/,
        );
        for (const version of ['v2', 'v3']) {
          const mark = dev.output.length;
          fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows(version));
          const out = await dev.waitFor(/Now running build/, mark);
          assert.match(out, /Rebuilt in \d+ ms \(no type check; build [0-9a-f]{12}\)/);
        }
        assert.equal(dev.output.split('TypeScript is not installed').length - 1, 1, 'said once');
      } finally {
        await dev.kill();
      }
    });
  });

  describe('a type checker that fails or hangs', function () {
    /** rewind dev in this process (to give it a short type-check timeout), on a project with a broken TypeScript. */
    async function session(typescript: ProjectTypeScriptKind): Promise<{ session: DevSession; printed: string[]; project: string }> {
      const project = makeProject(typescript);
      const printed: string[] = [];
      const config = await loadDevConfig(project);
      const s = await DevSession.start({
        config,
        port: 0,
        db: ':memory:',
        print: (line) => printed.push(line),
        serverLog: silentLogger,
        typeCheckTimeoutMs: 1500,
      });
      return { session: s, printed, project };
    }

    const cases: Array<[ProjectTypeScriptKind, RegExp]> = [
      [
        'crashing-api',
        /^The type checker \(TypeScript 5\.8\.0\) stopped: .+\. Saves are built and switched without type checks until rewind dev restarts; `npx tsc --noEmit` shows type errors\.$/,
      ],
      [
        'hanging-tsc',
        /^The type checker \(TypeScript 7\.0\.0, tsc\) did not answer in 1\.5 s\. Saves are built and switched without type checks until rewind dev restarts/,
      ],
    ];
    for (const [kind, said] of cases) {
      it(`${kind === 'crashing-api' ? 'a thread that dies' : 'a tsc that never answers'}: said once, with what to do; every save is still rebuilt and switched`, async function () {
        const { session: dev, printed, project } = await session(kind);
        try {
          for (const version of ['v2', 'v3', 'v4']) {
            fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows(version));
            await dev.requestRebuild();
            assert.ok(
              printed.some((l) => /^Now running build/.test(l)),
              printed.join('\n'),
            );
            assert.ok(
              printed.some((l) => /^Rebuilt in \d+ ms \(no type check; build/.test(l)),
              printed.join('\n'),
            );
            printed.splice(0, printed.length, ...printed.filter((l) => !/^(Now running|Rebuilt in)/.test(l)));
          }
          const about = printed.filter((l) => /type checker/i.test(l));
          assert.equal(about.length, 1, `said once: ${about.join('\n')}`);
          assert.match(about[0]!, said);
        } finally {
          await dev.close();
        }
      });
    }
  });
});
