// The chaos run in `npm test`, small: 50 workflows, 5 SIGKILLs (server, worker, both), two Rewind workers
// and two Temporal SDK workers, one on a queue of its own (a quarter of the workflows), one on Rewind's
// workers' queue (each SDK replaying the other's tasks); each Temporal one killed at least once.
// `npm run chaos` runs a large one. REWIND_CHAOS_SEED replays a run (the seed is printed).
import assert from 'node:assert/strict';
import { seedFrom } from '../helpers/seeded-random';
import { runChaos } from './chaos-run';

describe('chaos: SIGKILLs of the server and workers during a mixed load', function () {
  this.timeout(240_000);

  it('50 workflows on Rewind and Temporal SDK workers survive 5 kills: right results, every record once, nothing left behind', async function () {
    const seed = seedFrom('REWIND_CHAOS_SEED');
    const summary = await runChaos({ workflows: 50, kills: 5, seed, temporalWorkers: 1, sharedTemporalWorkers: 1 });
    const { problems, ...figures } = summary;
    console.log(`      ${JSON.stringify(figures)}`);
    assert.deepEqual(problems, [], `seed ${seed}: REWIND_CHAOS_SEED=${seed} npx mocha devserver/test/chaos/chaos.test.ts`);
    assert.equal(summary.completedWithRightResult, 50);
    assert.equal(summary.killsSurvived, 5);
    assert.ok(summary.kills.server > 0 && summary.kills.worker > 0 && summary.kills.both > 0, 'each kind of kill happened');
    assert.ok(summary.signalsSentWhileServerDown > 0, 'signals were sent while the server was down');
    assert.ok(summary.workerKills.temporal > 0 && summary.workerKills.temporalShared > 0, 'each Temporal SDK worker was killed');
    assert.equal(summary.temporalWorkflows, 12);
    assert.equal(
      summary.temporalCompletedWithRightResult,
      12,
      'each workflow on the Temporal SDK worker’s queue completed with its right result',
    );
    assert.ok((summary.runsByQueue['chaos-temporal'] ?? 0) >= 12, 'the runs of its queue are in the database, each done by it');
    assert.ok(summary.runsOnBothSdks > 0, 'runs of the shared queue had workflow tasks completed by both SDKs');
    assert.ok(summary.continuedAsNew > 0 && summary.children > 0 && summary.timers > 0, 'the load mixed its kinds of work');
  });
});
