// Temporal's lang flag 2 (ProcessWorkflowActivationJobsAsSingleBatch), end to end: Temporal's own SDK
// records, on a Rewind server, a workflow task that holds a signal and an activity's result; its
// history replays in Temporal's replayer and Rewind's with the same outcome, with the flag (one batch)
// and with it stripped (the signal runs alone first), each accepting only the matching command. And,
// in a batch, a condition is checked after each job, as Temporal's SDK does.
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker as TemporalWorker } from '@temporalio/worker';
import { DeterminismViolationError, Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/temporal-sdk/activities';
import { attemptsOf, reached } from '../fixtures/temporal-sdk/activity-records';
import { bump, conditionBetweenSignals, go, signalBesideActivityResult } from '../fixtures/temporal-sdk/activation-batch-workflows';
import { eventually } from '../helpers/server';
import { EventType, historyOf, type TemporalEvent, useReplayPair } from '../helpers/temporal-sdk';
import { protoJson, throughBytes } from './proto-history';

const workflowsPath = require.resolve('../fixtures/temporal-sdk/activation-batch-workflows');
const taskQueue = 'activation-batch';
const SINGLE_BATCH = 2;

type JsonEvent = Record<string, Record<string, unknown> | string | undefined>;
interface JsonHistory {
  events: JsonEvent[];
}

/** A copy of the history with lang flag 2 removed from every task's sdkMetadata, and/or the activity scheduled after the signal renamed. */
function variant(history: JsonHistory, change: { stripFlag: boolean; nextActivity: string }): JsonHistory {
  const copy = structuredClone(history);
  for (const e of copy.events) {
    const completed = e.workflowTaskCompletedEventAttributes as { sdkMetadata?: { langUsedFlags?: number[] } } | undefined;
    const flags = completed?.sdkMetadata?.langUsedFlags;
    if (change.stripFlag && flags) completed.sdkMetadata!.langUsedFlags = flags.filter((f) => f !== SINGLE_BATCH);
  }
  const scheduled = copy.events.filter((e) => e.activityTaskScheduledEventAttributes !== undefined);
  const next = scheduled[scheduled.length - 1]!.activityTaskScheduledEventAttributes as { activityType: { name: string } };
  next.activityType.name = change.nextActivity;
  return copy;
}

describe("Temporal's batches of an activation's jobs (lang flag 2), recorded by its SDK and replayed", function () {
  this.timeout(180_000);
  const pair = useReplayPair('activation-batch', workflowsPath);
  let recorded: JsonHistory;
  let nextScheduledId: string;

  it('Temporal records the flag on that task and, running both jobs in one batch, schedules greet', async function () {
    const nativeConnection = await NativeConnection.connect({ address: pair.server.address });
    const connection = await Connection.connect({ address: pair.server.address });
    try {
      const client = new Client({ connection });
      const key = 'activation-batch';
      const options = { connection: nativeConnection, workflowBundle: pair.temporal, activities, taskQueue, maxCachedWorkflows: 0 };
      const handle = await client.workflow.start(signalBesideActivityResult, { taskQueue, workflowId: key, args: [key] });
      // A worker for the first task (it schedules completeLater, whose attempt leaves its result to the client) ...
      const first = await TemporalWorker.create(options);
      await first.runUntil(reached(`${key}:started`));
      // ... then none: the signal and the activity's result wait together for the next workflow task.
      await handle.signal(go);
      await client.activity.complete({ workflowId: key, activityId: attemptsOf(key)[0]!.activityId }, 'done');
      const second = await TemporalWorker.create(options);
      assert.equal(await second.runUntil(handle.result()), 'hello one batch');

      const events = await historyOf(handle);
      const after = (type: (typeof EventType)[keyof typeof EventType], from: number): number =>
        events.findIndex((e, i) => i > from && e.eventType === type);
      const signalled = after(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, -1);
      const taskStarted = after(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, signalled);
      const activityDone = after(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, -1);
      assert.ok(signalled > 0 && activityDone > 0 && activityDone < taskStarted, 'the signal and the result are in one task');
      const taskCompleted: TemporalEvent = events[after(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, taskStarted)]!;
      assert.ok(taskCompleted.workflowTaskCompletedEventAttributes?.sdkMetadata?.langUsedFlags?.includes(SINGLE_BATCH));
      const scheduled = events[after(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, taskStarted)]!;
      assert.equal(scheduled.activityTaskScheduledEventAttributes?.activityType?.name, 'greet');
      nextScheduledId = String(scheduled.eventId);
      recorded = protoJson(throughBytes(events)) as JsonHistory;
    } finally {
      await nativeConnection.close();
      await connection.close();
    }
  });

  it('two signals in one task: the condition the first made true resolves (both replayers replay it)', async function () {
    const nativeConnection = await NativeConnection.connect({ address: pair.server.address });
    const connection = await Connection.connect({ address: pair.server.address });
    try {
      const client = new Client({ connection });
      const options = { connection: nativeConnection, workflowBundle: pair.temporal, activities, taskQueue, maxCachedWorkflows: 0 };
      const handle = await client.workflow.start(conditionBetweenSignals, { taskQueue, workflowId: 'two-bumps' });
      const first = await TemporalWorker.create(options);
      const taskDone = (events: TemporalEvent[]): boolean =>
        events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      await first.runUntil(eventually(async () => taskDone(await historyOf(handle))));
      await handle.signal(bump);
      await handle.signal(bump);
      const second = await TemporalWorker.create(options);
      assert.equal(await second.runUntil(handle.result()), 'hello 2 bumps');

      const events = await historyOf(handle);
      const types = events.map((e) => e.eventType);
      const bumped = types.indexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
      const between = types.slice(bumped, types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED));
      assert.ok(!between.includes(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED), 'both signals in one task');
      const history = protoJson(throughBytes(events)) as JsonHistory;
      await TemporalWorker.runReplayHistory({ workflowBundle: pair.temporal }, historyFromJSON(history));
      await Worker.runReplayHistory({ workflowBundle: pair.rewind }, history as Parameters<typeof Worker.runReplayHistory>[1]);
    } finally {
      await nativeConnection.close();
      await connection.close();
    }
  });

  const cases = [
    { stripFlag: false, nextActivity: 'greet', accepted: true, what: 'with the flag, greet (as recorded)' },
    { stripFlag: true, nextActivity: 'flaky', accepted: true, what: 'without the flag, flaky (the signal ran alone first)' },
    { stripFlag: true, nextActivity: 'greet', accepted: false, what: 'without the flag, greet' },
    { stripFlag: false, nextActivity: 'flaky', accepted: false, what: 'with the flag, flaky' },
  ];
  for (const c of cases) {
    it(`${c.accepted ? 'accepted' : 'refused at the scheduled activity'} by both replayers: ${c.what}`, async function () {
      assert.ok(recorded, 'the recording test ran first');
      const history = variant(recorded, c);
      const byTemporal = (): Promise<void> => TemporalWorker.runReplayHistory({ workflowBundle: pair.temporal }, historyFromJSON(history));
      const byRewind = (): Promise<void> =>
        Worker.runReplayHistory({ workflowBundle: pair.rewind }, history as Parameters<typeof Worker.runReplayHistory>[1]);
      if (c.accepted) {
        await byTemporal();
        await byRewind();
        return;
      }
      await assert.rejects(byTemporal(), /Nondeterminism|TMPRL1100/);
      await assert.rejects(byRewind(), (err: unknown) => {
        assert.ok(err instanceof DeterminismViolationError, String(err));
        assert.match(err.message, new RegExp(`at event ${nextScheduledId}\\b`));
        return true;
      });
    });
  }
});
