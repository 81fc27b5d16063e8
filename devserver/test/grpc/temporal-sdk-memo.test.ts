// upsertMemo of Temporal's SDK on a Rewind server: the run's memo merged as Temporal's server merges it
// (keys set, changed, removed by null or undefined), seen by describe, list and workflowInfo(); the
// WorkflowPropertiesModified events with the SDK's payloads byte for byte; and the run replayed by
// Temporal's replayer and by Rewind's replay runtime, which both match the command against the event.
import assert from 'node:assert/strict';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker as TemporalWorker } from '@temporalio/worker';
import { DeterminismViolationError, parseHistory, Worker as RewindWorker } from '@rewind/sdk/worker';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { eventsOf, EventType, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';
import { eventually } from '../helpers/server';
import { protoJson, throughBytes } from './proto-history';

const taskQueue = 'temporal-sdk-memo';
const temporalCause = temporal.api.enums.v1.WorkflowTaskFailedCause;
const memoWorkflowsPath = path.join(__dirname, '../fixtures/temporal-sdk/memo-workflows.ts');

describe('the real Temporal SDK on a Rewind server: upsertMemo', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });
  const listedMemo = async (workflowId: string): Promise<Record<string, unknown> | undefined> => {
    for await (const info of sdk.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) return info.memo;
    return undefined;
  };

  it('merges upserts into the memo: describe, list and workflowInfo() show it; history has the events; the run replays', async function () {
    const handle = await sdk.client.workflow.start(workflows.memoUpserts, {
      taskQueue,
      workflowId: 'memo-upserts',
      memo: { kept: true, started: '2024-05-01' },
    });
    const first = { kept: true, stage: 'packing', owner: 'ada' };
    await eventually(async () => ((await handle.describe()).memo?.stage === 'packing' ? true : undefined), 20_000, 'the first upsert');
    assert.deepEqual((await handle.describe()).memo, first, 'set, and `started` removed by null');
    assert.deepEqual(await listedMemo('memo-upserts'), first);

    await handle.signal(workflows.advance);
    const second = { kept: true, stage: 'shipped' };
    await eventually(async () => ((await handle.describe()).memo?.stage === 'shipped' ? true : undefined), 20_000, 'the second upsert');
    assert.deepEqual((await handle.describe()).memo, second, 'changed, and `owner` removed by undefined');
    assert.deepEqual(await listedMemo('memo-upserts'), second);

    await handle.signal(workflows.advance);
    assert.deepEqual(await handle.result(), [first, second], 'workflowInfo().memo after each upsert');
    assert.deepEqual((await handle.describe()).memo, second, 'a closed run keeps it');

    // The events, with the payloads Temporal's SDK wrote: json/plain values and binary/null removals.
    const history = await handle.fetchHistory();
    const modified = eventsOf(history.events ?? [], EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED);
    assert.equal(modified.length, 2, 'one event per upsert');
    const fields = modified.map((e) => {
      const attrs = e.workflowPropertiesModifiedEventAttributes;
      assert.ok(Number(attrs?.workflowTaskCompletedEventId) > 0, 'the task that upserted');
      return Object.fromEntries(
        Object.entries(attrs?.upsertedMemo?.fields ?? {}).map(([k, p]) => [
          k,
          `${Buffer.from(p.metadata?.encoding ?? []).toString()}:${Buffer.from(p.data ?? []).toString()}`,
        ]),
      );
    });
    assert.deepEqual(fields, [
      { stage: 'json/plain:"packing"', owner: 'json/plain:"ada"', started: 'binary/null:' },
      { stage: 'json/plain:"shipped"', owner: 'binary/null:' },
    ]);

    // Temporal's own replayer matches each ModifyWorkflowProperties command against its event.
    await TemporalWorker.runReplayHistory({ workflowBundle: sdk.bundle }, history, 'memo-upserts');
    // Rewind's replay runtime, on the history as Temporal's tools export it (proto3 JSON).
    const exported = protoJson(throughBytes(history.events ?? []));
    await RewindWorker.runReplayHistory({ workflowsPath: memoWorkflowsPath }, exported, 'memo-upserts');
    // A real check: the same history with a search attribute upsert where the memo upsert was does not replay.
    const rewindHistory = parseHistory(exported);
    const changed = rewindHistory.events.map((e) =>
      e.type === 'WorkflowPropertiesModified'
        ? {
            eventId: e.eventId,
            eventTime: e.eventTime,
            type: 'UpsertWorkflowSearchAttributes' as const,
            searchAttributes: {},
            workflowTaskCompletedEventId: e.workflowTaskCompletedEventId,
          }
        : e,
    );
    await assert.rejects(
      RewindWorker.runReplayHistory({ workflowsPath: memoWorkflowsPath }, { events: changed }),
      DeterminismViolationError,
    );
  });

  it('a memo upsert that names no key fails the workflow task with Temporal’s cause; the run stays open', async function () {
    const handle = await sdk.client.workflow.start(workflows.emptyMemoUpsert, { taskQueue, workflowId: 'memo-empty' });
    const failed = await eventually(
      async () => eventsOf(await historyOf(handle), EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)[0],
      20_000,
      'a failed workflow task',
    );
    assert.equal(
      failed.workflowTaskFailedEventAttributes?.cause,
      temporalCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES,
    );
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    await handle.terminate('enough');
  });
});
