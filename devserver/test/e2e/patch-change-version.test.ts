// patched() makes a run searchable by its patches, as Temporal's core does (its flag 2, UpsertSearchAttributeOnPatch):
// on a Rewind worker, each patch marker is followed by an upsert of TemporalChangeVersion, the flag is recorded,
// describe() and list queries see the attribute, and replay expects the upsert only where the history recorded the flag.
import assert from 'node:assert/strict';
import path from 'node:path';
import { DeterminismViolationError, Worker } from '@rewind/sdk/worker';
import type { History, HistoryEvent } from '@rewind/sdk/protocol';
import { withoutEvents } from '../helpers/history-edit';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/versioning/change-version.ts');

/** The events a workflow task's commands made, in order, as `kind what`. */
function commandEvents(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type === 'MarkerRecorded') return [`marker ${JSON.stringify(e.details.patchId)}`];
    if (e.type === 'UpsertWorkflowSearchAttributes') return [`upsert ${JSON.stringify(e.searchAttributes)}`];
    if (e.type === 'TimerStarted') return ['timer'];
    return [];
  });
}

/** The history as a run recorded without core flag 2 would be (older Rewind histories). */
function withoutFlag2(history: History): History {
  return {
    events: history.events.map((e) =>
      e.type === 'WorkflowTaskCompleted' && e.sdkMetadata?.coreUsedFlags
        ? { ...e, sdkMetadata: { ...e.sdkMetadata, coreUsedFlags: e.sdkMetadata.coreUsedFlags.filter((f) => f !== 2) } }
        : e,
    ),
  };
}

describe('patched() upserts TemporalChangeVersion (sdk-core flag 2) on a Rewind worker', function () {
  let srv: TestServer;
  let stop: () => Promise<void>;
  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, { taskQueue: 'change-version', workflowsPath }));
  });
  after(async function () {
    await stop();
    await srv.close();
  });

  it('records each patch with an upsert of every patch so far, and the flag, as Temporal’s core', async function () {
    const handle = await srv.client.workflow.start('changeVersion', { taskQueue: 'change-version', workflowId: 'cv-1' });
    assert.deepEqual(await handle.result(), [], 'workflow code does not see core’s upserts (workflowInfo().searchAttributes)');
    const history = await handle.fetchHistory();
    assert.deepEqual(commandEvents(history.events), [
      'marker "retired"',
      'upsert {"TemporalChangeVersion":["retired"]}',
      'marker "express"',
      'upsert {"TemporalChangeVersion":["express","retired"]}',
      'timer',
      'marker "bulk"',
      'upsert {"TemporalChangeVersion":["bulk","express","retired"]}',
    ]);
    const completions = history.events.filter((e) => e.type === 'WorkflowTaskCompleted');
    assert.deepEqual(
      completions.map((e) => e.sdkMetadata?.coreUsedFlags),
      [[1, 2, 3], undefined],
      'the core flags recorded once, by the first task (as sdk-core writes all it knows)',
    );

    const described = await handle.describe();
    assert.deepEqual(described.searchAttributes.TemporalChangeVersion, ['bulk', 'express', 'retired']);
    const listed: string[] = [];
    for await (const r of srv.client.workflow.list({ query: "TemporalChangeVersion = 'express'" })) listed.push(r.workflowId);
    assert.deepEqual(listed, ['cv-1']);
    for await (const r of srv.client.workflow.list({ query: "TemporalChangeVersion = 'nope'" })) assert.fail(`listed ${r.workflowId}`);

    await Worker.runReplayHistory({ workflowsPath }, history);
  });

  it('refuses workflow code that upserts TemporalChangeVersion itself (core would send the upsert emptied): the task fails, saying so', async function () {
    const handle = await srv.client.workflow.start('upsertsChangeVersion', { taskQueue: 'change-version', workflowId: 'cv-own' });
    const failed = await eventually(async () => (await handle.fetchHistory()).events.find((e) => e.type === 'WorkflowTaskFailed'));
    assert.ok(failed.type === 'WorkflowTaskFailed');
    assert.match(
      failed.failure?.message ?? '',
      /upsertSearchAttributes cannot set TemporalChangeVersion: patched\(\) and deprecatePatch\(\) set it/,
    );
    assert.equal((await handle.describe()).searchAttributes.TemporalChangeVersion, undefined);
    await handle.terminate();
  });

  it('expects the upserts only where the history recorded the flag (older Rewind histories replay)', async function () {
    const history = await srv.client.workflow.getHandle('cv-1').fetchHistory();
    const withoutUpserts = withoutEvents(withoutFlag2(history), (e) => e.type === 'UpsertWorkflowSearchAttributes');
    await Worker.runReplayHistory({ workflowsPath }, withoutUpserts);
    await assert.rejects(Worker.runReplayHistory({ workflowsPath }, withoutFlag2(history)), (err: Error) => {
      assert.ok(err instanceof DeterminismViolationError, String(err));
      const upsert = history.events.find((e) => e.type === 'UpsertWorkflowSearchAttributes');
      assert.match(err.message, new RegExp(`at event ${upsert?.eventId}: history holds UpsertWorkflowSearchAttributes`));
      return true;
    });
    // With the flag, an upsert missing from history is refused where history holds the next command's event.
    const upserts = history.events.filter((e) => e.type === 'UpsertWorkflowSearchAttributes');
    const lacking = withoutEvents(history, (e) => e === upserts[1]);
    await assert.rejects(Worker.runReplayHistory({ workflowsPath }, lacking), (err: Error) => {
      assert.ok(err instanceof DeterminismViolationError, String(err));
      assert.match(
        err.message,
        new RegExp(
          `at event ${upserts[1]!.eventId}: history holds TimerStarted\\(1ms\\), but the code issued UpsertWorkflowSearchAttributes\\(TemporalChangeVersion\\) at \\S*change-version\\.ts:7:\\d+\\. The runtime issues that upsert after a patch's marker because the history recorded sdk-core's flag 2`,
        ),
      );
      return true;
    });
  });
});
