// GetWorkflowExecutionHistory and the long polls as Temporal's server answers them, with the real client's
// raw calls: a long history read in pages equals one read; waitNewEvent answers when an event arrives, and
// empty (with a token) before the caller's deadline; a worker's poll answers empty before its deadline;
// ShutdownWorker.
import assert from 'node:assert/strict';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { EventType, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';

const taskQueue = 'temporal-sdk-history';

describe('the real Temporal SDK on a Rewind server: history pages and long polls', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });

  it('reads a long history in pages that, put together, equal one read', async function () {
    const handle = await sdk.client.workflow.start(workflows.busy, { taskQueue, workflowId: 'paged', args: [5, 4, 0] });
    await handle.result();
    const whole = await historyOf(handle);
    assert.ok(whole.length > 40, `a long history (${whole.length} events)`);
    const pages: number[] = [];
    const events = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await sdk.client.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId: 'paged' },
        maximumPageSize: 7,
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      events.push(...(page.history?.events ?? []));
      pages.push(page.history?.events?.length ?? 0);
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    assert.ok(
      pages.slice(0, -1).every((n) => n === 7),
      `full pages but the last: ${pages.join(', ')}`,
    );
    assert.deepEqual(events, whole);
  });

  it('answers a waitNewEvent poll when an event arrives, and empty with a token before its deadline', async function () {
    const handle = await sdk.client.workflow.start(workflows.approval, { taskQueue, workflowId: 'waited' });
    // Read to the end of what is there (the first workflow task has run when the history has a Completed).
    let events = await historyOf(handle);
    while (!events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)) events = await historyOf(handle);
    const nextEventId = events.length + 1;
    const token = Buffer.from(String(nextEventId));
    const poll = (deadlineMs: number) =>
      sdk.client.connection.withDeadline(Date.now() + deadlineMs, () =>
        sdk.client.workflowService.getWorkflowExecutionHistory({
          namespace: 'default',
          execution: { workflowId: 'waited', runId: handle.firstExecutionRunId },
          waitNewEvent: true,
          nextPageToken: token,
        }),
      );

    const started = Date.now();
    const empty = await poll(1500);
    assert.ok(Date.now() - started < 1500, 'answered before the deadline');
    assert.deepEqual(empty.history?.events ?? [], []);
    assert.ok(empty.nextPageToken?.length, 'a token to ask again with');

    const waiting = poll(20_000);
    await new Promise((r) => setTimeout(r, 200));
    await handle.signal(workflows.approve, 'ada');
    const arrived = await waiting;
    assert.equal(Number(arrived.history?.events?.[0]?.eventId), nextEventId);
    assert.equal(arrived.history?.events?.[0]?.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    await handle.result();
  });

  it("answers a worker's long poll empty before the caller's deadline, after waiting", async function () {
    // Rewind answers 5 s before the caller's deadline (the SDK's own deadline is 70 s; Temporal keeps 1 s).
    const raw = { namespace: 'default', taskQueue: { name: 'nobody-starts-here' }, identity: 'a raw poller' };
    const polls: (() => Promise<{ taskToken?: Uint8Array | null }>)[] = [
      () => sdk.client.workflowService.pollWorkflowTaskQueue(raw),
      () => sdk.client.workflowService.pollActivityTaskQueue(raw),
    ];
    for (const poll of polls) {
      const started = Date.now();
      const answer = await sdk.client.connection.withDeadline(started + 6500, poll);
      const took = Date.now() - started;
      assert.ok(took >= 1000 && took < 6500, `waited, then answered before the deadline (${took} ms)`);
      assert.equal(answer.taskToken?.length ?? 0, 0, 'no task');
    }
  });

  it('answers ShutdownWorker', async function () {
    const answer = await sdk.client.workflowService.shutdownWorker({
      namespace: 'default',
      stickyTaskQueue: 'a-sticky-queue',
      identity: 'a raw worker',
      reason: 'done',
    });
    assert.ok(answer);
  });
});
