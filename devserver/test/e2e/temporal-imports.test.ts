// Code written for Temporal runs on Rewind with only its imports changed: a workflow file importing
// @temporalio/workflow (mapped by the bundler), activities importing @temporalio/activity and a client
// script importing @temporalio/client. The project's tsc checks these files against Temporal's own
// packages; this test checks them against Rewind's, then runs them with the imports mapped.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { Worker } from '@rewind/sdk/worker';
import { startServer, startWorker, type TestServer } from '../helpers/server';
import { tempDir } from '../helpers/temp';
import type * as Activities from '../fixtures/temporal-style/activities';
import type * as Starter from '../fixtures/temporal-style/starter';

const fixtures = path.join(__dirname, '../fixtures/temporal-style');
const workflowsPath = path.join(fixtures, 'workflows.ts');
const repoRoot = path.resolve(__dirname, '../../..');
const TEMPORAL_TO_REWIND: Record<string, string> = {
  '@temporalio/client': 'client',
  '@temporalio/activity': 'activity',
  '@temporalio/workflow': 'workflow',
};

/** Type errors of the fixtures when Temporal's packages are replaced by Rewind's sources. */
function typeErrorsAgainstRewind(): { errors: string[]; files: readonly string[] } {
  const paths = Object.fromEntries(Object.entries(TEMPORAL_TO_REWIND).map(([from, to]) => [from, [`sdk/src/${to}/index.ts`]]));
  const program = ts.createProgram(
    ['starter.ts', 'activities.ts', 'workflows.ts'].map((f) => path.join(fixtures, f)),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      baseUrl: repoRoot,
      paths,
    },
  );
  const errors = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? path.relative(repoRoot, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  return { errors, files: program.getSourceFiles().map((f) => path.relative(repoRoot, f.fileName)) };
}

/** Bundles a fixture with its @temporalio imports pointing at the Rewind modules this process uses. */
async function loadMapped<T>(file: string): Promise<T> {
  const outfile = path.join(tempDir(), path.basename(file, '.ts') + '.js');
  await esbuild.build({
    entryPoints: [path.join(fixtures, file)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'silent',
    plugins: [
      {
        name: 'temporal-to-rewind',
        setup(build) {
          build.onResolve({ filter: /^@temporalio\// }, (args) => {
            const target = TEMPORAL_TO_REWIND[args.path];
            if (!target) return { errors: [{ text: `${args.path} has no Rewind counterpart in this test` }] };
            return { path: require.resolve(`@rewind/sdk/${target}`), external: true };
          });
        },
      },
    ],
  });
  return require(outfile) as T;
}

describe('code written for Temporal', function () {
  let srv: TestServer;
  let stop: () => Promise<void>;
  let activities: typeof Activities;
  const taskQueue = 'temporal-style';

  before(async function () {
    activities = await loadMapped<typeof Activities>('activities.ts');
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, { taskQueue, activities, workflowsPath }));
  });
  after(async function () {
    await stop();
    await srv.close();
  });

  it("type-checks against Rewind's modules as it does against Temporal's", function () {
    this.timeout(30_000);
    const { errors, files } = typeErrorsAgainstRewind();
    assert.deepEqual(errors, []);
    assert.ok(files.includes('sdk/src/client/index.ts'), 'the client import resolved to Rewind');
    assert.ok(files.includes('sdk/src/activity/index.ts'), 'the activity import resolved to Rewind');
    // Rewind's types name Temporal's published protos (its raw gRPC services, Timestamp): no other package of Temporal's.
    const temporalFiles = files.filter((f) => f.includes('node_modules/@temporalio/') && !f.includes('node_modules/@temporalio/proto/'));
    assert.deepEqual(temporalFiles, [], "no file of Temporal's SDK packages was read");
  });

  it('runs the workflow, its activities and the client script unchanged but for the imports', async function () {
    const { runOrder } = await loadMapped<typeof Starter>('starter.ts');
    const run = await runOrder(srv.address, taskQueue, 'o-1');
    assert.deepEqual(
      { ...run, historyLength: undefined },
      {
        result: 'o-1 approved by ada on fulfil, shipped with 1 note(s)',
        notes: 1,
        rejected: 'empty note',
        status: 'COMPLETED (2)',
        historyLength: undefined,
      },
    );
    assert.deepEqual(activities.shipped, [{ orderId: 'o-1', notes: ['fragile'], attempt: 1 }]);
    const history = await srv.client.workflow.getHandle('order-o-1').fetchHistory();
    assert.equal(run.historyLength, history.events.length);
    assert.ok(
      history.events.some((e) => e.type === 'MarkerRecorded'),
      'the patch was recorded',
    );
    await Worker.runReplayHistory({ workflowsPath }, history);
  });
});
