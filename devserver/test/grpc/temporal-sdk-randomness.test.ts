// Randomness value for value (issue 17): runs of Temporal's own SDK on a Rewind server draw Math.random,
// uuid4 and default child ids from alea seeded with sdk-core's seed of the run id (reseeded from the new
// run id after a reset), and Rewind's replay runtime replays their histories with the same commands.
// Rewind's own runs record the TemporalRandomness flag, and their replay follows it.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { Client, Connection } from '@rewind/sdk/client';
import { DeterminismViolationError, NativeConnection, Worker } from '@rewind/sdk/worker';
import { alea, uuid4From } from '@rewind/sdk/internal/workflow/alea';
import { temporalSeedBytes } from '@rewind/sdk/internal/worker/workflows/randomness-seed';
import { eventually } from '../helpers/server';
import { historyOf, useTemporalSdk } from '../helpers/temporal-sdk';
import { go, randomAcrossReset, randomBranches } from '../fixtures/temporal-sdk/random-workflows';
import { readBack } from './proto-history';

const workflowsPath = path.join(__dirname, '../fixtures/temporal-sdk/random-workflows.ts');

const childIds = (events: HistoryEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'StartChildWorkflowExecutionInitiated' ? [e.workflowId] : []));

/** The history with the first id-less child's id changed: a replay must refuse it. */
function otherChildId(events: HistoryEvent[]): HistoryEvent[] {
  let done = false;
  return events.map((e) => {
    if (done || e.type !== 'StartChildWorkflowExecutionInitiated') return e;
    done = true;
    return { ...e, workflowId: `${e.workflowId}-other` };
  });
}

describe("workflow randomness, as Temporal's SDK draws it", function () {
  this.timeout(120_000);
  const t = useTemporalSdk({ taskQueue: 'random' });

  it('Math.random, uuid4 and default child ids are alea seeded from the run id; Rewind replays the history', async function () {
    const handle = await t.client.workflow.start(randomBranches, { taskQueue: 'random', workflowId: 'random-branches' });
    const draws = await handle.result();
    const random = alea(temporalSeedBytes(handle.firstExecutionRunId));
    assert.deepEqual(draws.randoms, [random(), random(), random()], "Temporal's Math.random");
    assert.equal(draws.uuid, uuid4From(random), "Temporal's uuid4");
    assert.deepEqual(draws.childIds, [uuid4From(random), uuid4From(random)], "Temporal's default child ids");

    const events = readBack(await historyOf(handle));
    assert.deepEqual(childIds(events), draws.childIds);
    const first = events.find((e) => e.type === 'WorkflowTaskCompleted');
    assert.equal(first?.type === 'WorkflowTaskCompleted' ? first.sdkMetadata?.sdkName : undefined, 'temporal-typescript');
    await Worker.runReplayHistory({ workflowsPath }, { events });
    await assert.rejects(Worker.runReplayHistory({ workflowsPath }, { events: otherChildId(events) }), DeterminismViolationError);
  });

  it('after a reset, the run draws from a seed of the new run id; Rewind replays the new run', async function () {
    const handle = await t.client.workflow.start(randomAcrossReset, { taskQueue: 'random', workflowId: 'random-reset' });
    await eventually(async () => (await historyOf(handle)).some((e) => e.workflowTaskCompletedEventAttributes) || undefined);
    const connection = await Connection.connect({ address: t.server.address });
    try {
      const { runId } = await connection.call('workflow.reset', {
        namespace: 'default',
        workflowId: 'random-reset',
        runId: handle.firstExecutionRunId,
        type: 'FirstWorkflowTask',
        reason: 'reseed',
      });
      const reset = t.client.workflow.getHandle<typeof randomAcrossReset>('random-reset', runId);
      await reset.signal(go);
      const draws = await reset.result();
      // The first task of the new run starts the workflow with the original seed, then reseeds (before any draw).
      const random = alea(temporalSeedBytes(runId));
      assert.deepEqual(draws.randoms, [random(), random()]);
      assert.equal(draws.uuid, uuid4From(random));
      const executed = uuid4From(random);
      assert.deepEqual(draws.childIds, [uuid4From(random)]);

      const events = readBack(await historyOf(reset));
      const failed = events.find((e) => e.type === 'WorkflowTaskFailed');
      assert.equal(failed?.type === 'WorkflowTaskFailed' ? failed.newRunId : undefined, runId, 'the reset names the new run');
      assert.deepEqual(childIds(events), [executed, ...draws.childIds]);
      await Worker.runReplayHistory({ workflowsPath }, { events });
      // Without the reseed the run draws other ids: the reset event is what the replay follows.
      const unseeded = events.map((e) => (e.type === 'WorkflowTaskFailed' ? { ...e, newRunId: handle.firstExecutionRunId } : e));
      await assert.rejects(Worker.runReplayHistory({ workflowsPath }, { events: unseeded }), DeterminismViolationError);
    } finally {
      await connection.close();
    }
  });

  it("Rewind's worker records the TemporalRandomness flag and draws as Temporal does; its replay follows the flag", async function () {
    const nativeConnection = await NativeConnection.connect({ address: t.server.address });
    const worker = await Worker.create({ connection: nativeConnection, taskQueue: 'rewind-random', workflowsPath });
    const connection = await Connection.connect({ address: t.server.address });
    try {
      const client = new Client({ connection });
      const { draws, events } = await worker.runUntil(async () => {
        const handle = await client.workflow.start(randomBranches, { taskQueue: 'rewind-random', workflowId: 'rewind-random' });
        return { draws: await handle.result(), events: (await handle.fetchHistory()).events, runId: handle.firstExecutionRunId };
      });
      const start = events[0];
      const random = alea(temporalSeedBytes(start?.type === 'WorkflowExecutionStarted' ? start.originalExecutionRunId : ''));
      assert.deepEqual(draws.randoms, [random(), random(), random()]);
      assert.equal(draws.uuid, uuid4From(random));
      assert.deepEqual(draws.childIds, [uuid4From(random), uuid4From(random)]);
      const completions = events.flatMap((e) => (e.type === 'WorkflowTaskCompleted' ? [e.sdkMetadata] : []));
      assert.deepEqual(completions[0], {
        sdkName: 'rewind-typescript',
        sdkVersion: '0.1.0',
        coreUsedFlags: [1, 2, 3],
        langUsedFlags: [1, 2],
      });
      assert.deepEqual(completions[1], { sdkName: 'rewind-typescript', sdkVersion: '0.1.0' }, 'a flag is recorded once');

      await Worker.runReplayHistory({ workflowsPath }, { events });
      // The same history without its flags is a run recorded before them: Rewind's first randomness, other ids.
      const unflagged = events.map((e) => {
        if (e.type !== 'WorkflowTaskCompleted') return e;
        const { sdkMetadata: _dropped, ...rest } = e;
        return rest;
      });
      await assert.rejects(Worker.runReplayHistory({ workflowsPath }, { events: unflagged }), DeterminismViolationError);
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  });
});
