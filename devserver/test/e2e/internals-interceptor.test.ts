// A workflow internals interceptor written for Temporal's SDK that passes activations and commands on
// with `next` (counting them) runs unchanged on a Rewind worker, live and in Worker.runReplayHistory: its
// activate sees each activation, its concludeActivation each conclusion and its commands, and the run's
// commands are what they would be without it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker, type InjectedSinks } from '@rewind/sdk/worker';
import type { WorkflowInfo } from '@rewind/sdk/workflow';
import type { InternalsSinks } from '../fixtures/interceptor-headers/internals';
import * as activities from '../fixtures/interceptor-headers/activities';
import { startServer, startWorker, type TestServer } from '../helpers/server';

const fixtures = path.join(__dirname, '../fixtures/interceptor-headers');
const workflowsPath = path.join(fixtures, 'workflows.ts');
const workflowModules = [path.join(fixtures, 'internals.ts')];
const taskQueue = 'internals-interceptor';

type Saw = [batchIndex: number, concluded: number, commands: number];
const sawSinks = (into: Saw[], duringReplay = false): InjectedSinks<InternalsSinks> => ({
  internals: {
    saw: {
      fn: (_info: WorkflowInfo, batchIndex, concluded, commands) => void into.push([batchIndex, concluded, commands]),
      callDuringReplay: duringReplay,
    },
  },
});

describe('a pass-through internals interceptor on a Rewind worker', function () {
  this.timeout(60_000);
  let srv: TestServer;
  let stop: () => Promise<void>;
  const live: Saw[] = [];

  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, {
      taskQueue,
      workflowsPath,
      activities,
      interceptors: { workflowModules },
      sinks: sawSinks(live),
    }));
  });
  after(async function () {
    await stop?.();
    await srv?.close();
  });

  it('sees every activation and conclusion, live and in replay, and changes nothing', async function () {
    const handle = await srv.client.workflow.start('listener', { taskQueue, workflowId: 'internals-1' });
    assert.equal(await handle.query('state'), 'listening');
    await handle.signal('poke', 'test');
    assert.equal(await handle.result(), 'listening poked by test');
    // Two activations (the start, then the signal; a query is answered without one): the second sees the
    // first's conclusion, which issued no command.
    assert.deepEqual(live, [
      [0, 0, 0],
      [0, 1, 0],
    ]);

    const history = await handle.fetchHistory();
    const replayed: Saw[] = [];
    await Worker.runReplayHistory({ workflowsPath, interceptors: { workflowModules }, sinks: sawSinks(replayed, true) }, history);
    assert.deepEqual(replayed, live, 'the same activations in the replay');
  });
});
