// What Temporal's own client reads about runs on a Rewind server: `handle.describe()` (status, pending
// activities and children, as Temporal's DescribeWorkflowExecution gives them), and runs listed and
// counted with a list query.
import assert from 'node:assert/strict';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { reached } from '../fixtures/temporal-sdk/activity-records';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { useTemporalSdk } from '../helpers/temporal-sdk';
import { eventually } from '../helpers/server';

const taskQueue = 'temporal-sdk-visibility';
const enums = temporal.api.enums.v1;

describe('the real Temporal SDK on a Rewind server: describe, list, count', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue, maxHeartbeatThrottleInterval: '50 milliseconds' });

  it('describes a running workflow with its pending activity and child, then the closed run', async function () {
    const handle = await sdk.client.workflow.start(workflows.parentAtWork, {
      taskQueue,
      workflowId: 'described',
      args: ['described-activity', 'described-child'],
      memo: { owner: 'ada' },
    });
    await reached('described-activity:started');
    const running = await eventually(async () => {
      const d = await handle.describe();
      return d.raw.pendingActivities?.[0]?.heartbeatDetails ? d : undefined;
    });
    assert.equal(running.status.name, 'RUNNING');
    assert.equal(running.type, 'parentAtWork');
    assert.equal(running.taskQueue, taskQueue);
    assert.equal(running.runId, handle.firstExecutionRunId);
    assert.deepEqual(running.memo, { owner: 'ada' });
    assert.equal(running.closeTime, undefined);

    const [activity] = running.raw.pendingActivities ?? [];
    assert.equal(activity?.activityType?.name, 'heartbeatUntilCancelled');
    assert.equal(activity?.state, enums.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    assert.equal(activity?.attempt, 1);
    assert.ok(activity?.lastStartedTime && activity.lastHeartbeatTime, 'when it started and last heartbeated');

    const [child] = running.raw.pendingChildren ?? [];
    assert.equal(child?.workflowId, 'described-child');
    assert.equal(child?.workflowTypeName, 'waitsForFinish');
    assert.equal(child?.parentClosePolicy, enums.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON);
    const childRun = await sdk.client.workflow.getHandle('described-child').describe();
    assert.equal(child?.runId, childRun.runId);
    assert.equal(childRun.parentExecution?.workflowId, 'described');

    await handle.signal(workflows.stop);
    assert.equal(await handle.result(), 'activity cancelled; described-child finished');
    const closed = await handle.describe();
    assert.equal(closed.status.name, 'COMPLETED');
    assert.ok(closed.closeTime && closed.closeTime >= closed.startTime);
    assert.equal(closed.historyLength, (await handle.fetchHistory()).events?.length);
    assert.deepEqual(closed.raw.pendingActivities, []);
    assert.deepEqual(closed.raw.pendingChildren, []);
    assert.equal(closed.raw.pendingWorkflowTask, null);
  });

  it('lists and counts runs with a list query', async function () {
    for (const name of ['ada', 'grace', 'edsger']) {
      await sdk.client.workflow.execute(workflows.hello, { taskQueue, workflowId: `listed-${name}`, args: [name] });
    }
    const waiting = await sdk.client.workflow.start(workflows.approval, { taskQueue, workflowId: 'listed-waiting' });

    const list = async (query: string): Promise<WorkflowExecutionInfo[]> => {
      const found: WorkflowExecutionInfo[] = [];
      for await (const info of sdk.client.workflow.list({ query, pageSize: 2 })) found.push(info);
      return found;
    };
    const completed = await list("WorkflowId STARTS_WITH 'listed-' AND ExecutionStatus = 'Completed'");
    assert.deepEqual(completed.map((i) => i.workflowId).sort(), ['listed-ada', 'listed-edsger', 'listed-grace']);
    assert.ok(completed.every((i) => i.type === 'hello' && i.status.name === 'COMPLETED' && i.taskQueue === taskQueue));
    const open = await list("WorkflowId STARTS_WITH 'listed-' AND ExecutionStatus = 'Running'");
    assert.deepEqual(
      open.map((i) => [i.workflowId, i.runId, i.type]),
      [['listed-waiting', waiting.firstExecutionRunId, 'approval']],
    );

    assert.equal((await sdk.client.workflow.count("WorkflowId STARTS_WITH 'listed-'")).count, 4);
    assert.equal((await sdk.client.workflow.count("WorkflowType = 'hello' AND WorkflowId STARTS_WITH 'listed-'")).count, 3);
    await assert.rejects(sdk.client.workflow.count('WorkflowType = '), (err: unknown) => {
      const cause = (err as { cause?: { code?: number; details?: string } }).cause;
      assert.equal(cause?.code, 3 /* INVALID_ARGUMENT */);
      assert.match(cause?.details ?? '', /Invalid query/);
      return true;
    });
    await waiting.terminate('done listing');
  });
});
