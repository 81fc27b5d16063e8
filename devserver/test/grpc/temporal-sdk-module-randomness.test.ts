// Draws made while the workflows module loads (issue 17): Temporal's SDK imports the module per run with
// the run's generator already seeded, so they are the run's first draws. Rewind's worker draws the same,
// and Rewind's replay runtime replays Temporal's history (the child's id depends on them).
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker as TemporalWorker } from '@temporalio/worker';
import { Client as RewindClient, Connection as RewindConnection } from '@rewind/sdk/client';
import { DeterminismViolationError, NativeConnection as RewindNativeConnection, Worker } from '@rewind/sdk/worker';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { alea, uuid4From } from '@rewind/sdk/internal/workflow/alea';
import { temporalSeedBytes } from '@rewind/sdk/internal/worker/workflows/randomness-seed';
import { drawsAtModuleLoad, type LoadDraws } from '../fixtures/temporal-sdk/module-load-random-workflows';
import { historyOf, useReplayPair } from '../helpers/temporal-sdk';
import { readBack } from './proto-history';

const workflowsPath = require.resolve('../fixtures/temporal-sdk/module-load-random-workflows');

/** What a run of `runId` draws if its module's draws come first from its generator, as Temporal's do. */
function expectedDraws(runId: string): Omit<LoadDraws, 'childId'> & { childId: string } {
  const random = alea(temporalSeedBytes(runId));
  return { atLoad: random(), idAtLoad: uuid4From(random), inRun: random(), childId: uuid4From(random) };
}

describe("draws while the workflows module loads, as Temporal's SDK makes them", function () {
  this.timeout(180_000);
  const pair = useReplayPair('module-randomness', workflowsPath);

  it("Temporal's SDK draws them first from the run's generator; Rewind replays its history, and refuses it with other draws", async function () {
    const nativeConnection = await NativeConnection.connect({ address: pair.server.address });
    const connection = await Connection.connect({ address: pair.server.address });
    try {
      const client = new Client({ connection });
      const worker = await TemporalWorker.create({ connection: nativeConnection, workflowBundle: pair.temporal, taskQueue: 'module-load' });
      const handle = await client.workflow.start(drawsAtModuleLoad, { taskQueue: 'module-load', workflowId: 'module-load-temporal' });
      const draws = await worker.runUntil(handle.result());
      assert.deepEqual(draws, expectedDraws(handle.firstExecutionRunId));

      const events = readBack(await historyOf(handle));
      await Worker.runReplayHistory({ workflowsPath }, { events });
      // The same history under another run id: the module's draws and so the child's id differ.
      const otherRun = events.map((e): HistoryEvent =>
        e.type === 'WorkflowExecutionStarted' ? { ...e, originalExecutionRunId: 'other-run' } : e,
      );
      await assert.rejects(Worker.runReplayHistory({ workflowsPath }, { events: otherRun }), DeterminismViolationError);
    } finally {
      await nativeConnection.close();
      await connection.close();
    }
  });

  it("Rewind's worker draws them as Temporal's does", async function () {
    const nativeConnection = await RewindNativeConnection.connect({ address: pair.server.address });
    const connection = await RewindConnection.connect({ address: pair.server.address });
    try {
      const worker = await Worker.create({ connection: nativeConnection, taskQueue: 'module-load-rewind', workflowBundle: pair.rewind });
      const client = new RewindClient({ connection });
      const handle = await client.workflow.start(drawsAtModuleLoad, { taskQueue: 'module-load-rewind', workflowId: 'module-load-rewind' });
      const draws = await worker.runUntil(handle.result());
      assert.deepEqual(draws, expectedDraws(handle.firstExecutionRunId));
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  });
});
