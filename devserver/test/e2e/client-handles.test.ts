// The client's handles as Temporal 1.24's, on a real server: a workflow handle's signalWithOptions,
// queryWithOptions, client and describe(); an update handle's fields; a schedule handle's client and
// backfill, a schedule's search attributes, and describe() / list() in Temporal's shapes.
import assert from 'node:assert/strict';
import {
  defineSearchAttributeKey,
  ScheduleOverlapPolicy,
  SearchAttributeType,
  ValueError,
  type WorkflowSignalOptions,
} from '@rewind/sdk/client';
import * as activities from '../fixtures/activities';
import type { approval } from '../fixtures/workflows';
import { useServerAndWorker } from '../helpers/server';

describe('client handles as Temporal 1.24 has them', function () {
  const taskQueue = 'client-handles';
  const env = useServerAndWorker({ taskQueue, activities });

  it('signals and queries by name with options, names its client, and describes the run as Temporal does', async function () {
    const { client } = env.srv;
    const handle = await client.workflow.start<typeof approval>('approval', { taskQueue, workflowId: 'handle-options', args: [2] });
    assert.equal(handle.client, client.workflow);
    await handle.signalWithOptions('approve', { args: ['ada'] });
    assert.deepEqual(await handle.queryWithOptions('progress', { args: [] }), { approvals: ['ada'], stage: 'waiting' });
    await assert.rejects(
      handle.signalWithOptions('approve', { args: ['bo'], typeInfo: {} } as WorkflowSignalOptions<[string]>),
      (err: Error) => err instanceof TypeError && /typeInfo is not supported/.test(err.message),
    );
    const described = await handle.describe();
    assert.equal(described.status.name, 'RUNNING');
    assert.deepEqual(described.searchAttributes, {});
    assert.equal(await described.staticSummary(), undefined);
    // A run given a summary and details (as Temporal's staticSummary / staticDetails) gives them back.
    await env.srv.connection.call('workflow.start', {
      namespace: 'default',
      workflowId: 'with-metadata',
      workflowType: 'approval',
      taskQueue,
      args: [1],
      requestId: 'with-metadata-1',
      userMetadata: { summary: 'Nightly approval', details: 'Needs **one** approver' },
    });
    const withMetadata = await client.workflow.getHandle('with-metadata').describe();
    assert.equal(await withMetadata.staticSummary(), 'Nightly approval');
    assert.equal(await withMetadata.staticDetails(), 'Needs **one** approver');
    assert.deepEqual(await handle.terminate('test over'), {});
    assert.deepEqual(await client.workflow.getHandle('with-metadata').cancel(), {});
  });

  it("gives an update handle Temporal's fields: updateId, workflowId, and workflowRunId only when known", async function () {
    const handle = env.srv.client.workflow.getHandle('some-workflow');
    const update = handle.getUpdateHandle('update-1');
    assert.deepEqual([update.updateId, update.workflowId, 'workflowRunId' in update], ['update-1', 'some-workflow', false]);
    const bound = handle.getUpdateHandle('update-1', { workflowRunId: 'run-1' });
    assert.deepEqual([bound.updateId, bound.workflowId, bound.workflowRunId], ['update-1', 'some-workflow', 'run-1']);
  });

  it('backfills a schedule (at creation and later), keeps its search attributes, and describes and lists it as Temporal does', async function () {
    const { client } = env.srv;
    const hour = (h: number, m = 0): Date => new Date(Date.UTC(2026, 0, 1, h, m));
    const handle = await client.schedule.create({
      scheduleId: 'backfilled',
      spec: { intervals: [{ every: '1 hour', offset: '15 minutes' }] },
      action: { type: 'startWorkflow', workflowType: 'fanOut', taskQueue, args: [['tick']] },
      searchAttributes: { Team: ['ops'] },
      state: { paused: true, backfill: [{ start: hour(0), end: hour(1, 15), overlap: ScheduleOverlapPolicy.ALLOW_ALL }] },
    });
    assert.equal(handle.client, client.schedule);
    // The end is included; paused or not; the ids are those the times would have given.
    await handle.backfill([{ start: hour(2), end: hour(3, 15), overlap: ScheduleOverlapPolicy.ALLOW_ALL }]);
    const d = await handle.describe();
    assert.equal(d.info.numActionsTaken, 4);
    assert.deepEqual(
      d.info.recentActions.map((a) => [a.scheduledAt.toISOString(), a.action.workflow.workflowId]),
      [0, 1, 2, 3].map((h) => [hour(h, 15).toISOString(), `backfilled-workflow-2026-01-01T0${h}:15:00Z`]),
    );
    for (const a of d.info.recentActions) {
      assert.equal((await client.workflow.getHandle(a.action.workflow.workflowId).describe()).type, 'fanOut');
    }
    assert.deepEqual(d.spec, { intervals: [{ every: 3_600_000, offset: 900_000 }] });
    assert.deepEqual(d.searchAttributes, { Team: ['ops'] });
    assert.deepEqual(d.typedSearchAttributes.get(defineSearchAttributeKey('Team', SearchAttributeType.KEYWORD_LIST)), ['ops']);
    assert.deepEqual(d.action.args, [['tick']]);
    assert.ok(d.info.lastUpdatedAt instanceof Date);

    // Search attributes left out of an update stay; given, they replace the old ones.
    await handle.update((prev) => ({ ...prev, spec: { cronExpressions: ['0 3 * * *'] } }));
    assert.deepEqual((await handle.describe()).searchAttributes, { Team: ['ops'] });
    // As Temporal's: passed on from the description, the typed ones win over searchAttributes; give both.
    await handle.update((prev) => ({
      ...prev,
      searchAttributes: { Team: ['dev'] },
      typedSearchAttributes: [{ key: defineSearchAttributeKey('Team', SearchAttributeType.KEYWORD_LIST), value: ['dev'] }],
    }));
    const updated = await handle.describe();
    assert.deepEqual(
      [updated.searchAttributes, updated.spec, updated.state.paused],
      [{ Team: ['dev'] }, { cronExpressions: ['0 3 * * *'] }, true],
    );

    const summaries = [];
    for await (const s of client.schedule.list()) summaries.push(s);
    assert.equal(summaries.length, 1);
    const { raw: _raw, ...summary } = summaries[0]!;
    assert.deepEqual(Object.keys(summary).sort(), [
      'action',
      'info',
      'scheduleId',
      'searchAttributes',
      'spec',
      'state',
      'typedSearchAttributes',
    ]);
    assert.deepEqual(summary.action, { type: 'startWorkflow', workflowType: 'fanOut' });
    assert.deepEqual(Object.keys(summary.info).sort(), ['nextActionTimes', 'recentActions']);

    // Without an overlap policy, the schedule's own: SKIP takes the first time, whose run still runs, and skips the others.
    const skipping = await client.schedule.create({
      scheduleId: 'backfilled-skip',
      spec: { cronExpressions: ['0 * * * *'] },
      action: { type: 'startWorkflow', workflowType: 'approval', taskQueue, args: [1] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    await skipping.backfill({ start: hour(0), end: hour(2) });
    const skipped = await skipping.describe();
    assert.deepEqual([skipped.info.numActionsTaken, skipped.info.numActionsSkippedOverlap], [1, 2]);
    await client.workflow.getHandle(skipped.info.runningActions[0]!.workflow.workflowId).terminate();
    await skipping.delete();

    await assert.rejects(handle.backfill({ start: hour(3), end: hour(2) }), ValueError);
    await assert.rejects(handle.backfill({ start: new Date('not a date'), end: hour(2) }), ValueError);
    await handle.delete();
  });
});
