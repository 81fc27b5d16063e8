// Updates sent by Rewind's client (and CLI) to a run that Temporal's SDK worker serves: delivered as the task's
// protocol messages and answered by the worker's validator and handler — accepted and completed (at once, or in a
// later task), rejected by a validator (no event), failed by the handler, rejected for want of a handler — with the
// history Temporal's client reads holding each accepted update's events in order.
import assert from 'node:assert/strict';
import { Client as RewindClient, Connection as RewindConnection, WorkflowUpdateFailedError } from '@rewind/sdk/client';
import { reach, reached } from '../fixtures/temporal-sdk/activity-records';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { runCli } from '../cli/run-cli';
import { EventType, eventsOf, historyOf, useTemporalSdk, type TemporalEvent } from '../helpers/temporal-sdk';

const taskQueue = 'temporal-sdk-updates';
const UPDATE_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
]);

/** The update events of a history, as `Accepted <updateId>` / `Completed <updateId> <result or failure message>`. */
function updateEvents(events: readonly TemporalEvent[]): string[] {
  return events
    .filter((e) => UPDATE_EVENTS.has(e.eventType ?? 0))
    .map((e) => {
      const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
      if (accepted) return `Accepted ${accepted.protocolInstanceId ?? ''} ${accepted.acceptedRequest?.input?.name ?? ''}`;
      const done = e.workflowExecutionUpdateCompletedEventAttributes;
      const outcome = done?.outcome?.failure
        ? `failed: ${done.outcome.failure.message ?? ''}`
        : Buffer.from(done?.outcome?.success?.payloads?.[0]?.data ?? []).toString();
      return `Completed ${done?.meta?.updateId ?? ''} ${outcome}`;
    });
}

/** Each event as `<id> <type>`. */
const eventIds = (events: readonly TemporalEvent[]): string[] => events.map((e) => `${String(e.eventId)} ${e.eventType ?? 0}`);

/** The run's history once its first workflow task is completed and nothing else is pending. */
async function idleHistory(handle: Parameters<typeof historyOf>[0]): Promise<TemporalEvent[]> {
  for (;;) {
    const events = await historyOf(handle);
    if (events.at(-1)?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) return events;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The update failed with a cause whose message matches. */
const failedWith =
  (message: RegExp) =>
  (err: unknown): boolean => {
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    assert.match(err.cause?.message ?? '', message);
    return true;
  };

describe("updates to a run on Temporal's SDK worker (protocol messages in its workflow tasks)", function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });
  let connection: RewindConnection | undefined;
  let rewind: RewindClient;

  before(async function () {
    connection = await RewindConnection.connect({ address: sdk.server.address });
    rewind = new RewindClient({ connection });
  });
  after(async function () {
    await connection?.close();
  });

  it('accepted and completed, in the same task and in a later one, from the client and the CLI; the events in the order the worker answered', async function () {
    const workflowId = 'update-completed';
    const handle = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId });
    const updates = rewind.workflow.getHandle(workflowId);
    assert.equal(await updates.executeUpdate<number, [number]>('add', { args: [2], updateId: 'add-2' }), 2);
    assert.equal(await updates.executeUpdate<number, [number]>('addLater', { args: [3], updateId: 'later-3' }), 5);
    // Rewind's CLI too (a process of its own).
    const cli = await runCli(['workflow', 'update', '-w', workflowId, '--name', 'add', '--input', '1'], {
      REWIND_ADDRESS: sdk.server.address,
      REWIND_NAMESPACE: '',
    });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.stdout, 'Update result: 6\n');
    await handle.signal(workflows.stopCounting);
    assert.equal(await handle.result(), 6);
    const events = updateEvents(await historyOf(handle));
    assert.deepEqual(events.slice(0, 4), ['Accepted add-2 add', 'Completed add-2 2', 'Accepted later-3 addLater', 'Completed later-3 5']);
    assert.match(events[4] ?? '', /^Accepted \S+ add$/);
    assert.match(events[5] ?? '', /^Completed \S+ 6$/);
    assert.equal(events.length, 6);
  });

  it("rejected by the worker's validator: the caller gets its error, history has no update event, the run goes on", async function () {
    const workflowId = 'update-rejected';
    const handle = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId });
    const updates = rewind.workflow.getHandle(workflowId);
    const idle = await idleHistory(handle);
    // Each rejection runs in a speculative workflow task (Temporal's): dropped, it leaves no event at all,
    // and the worker (which has the run cached) goes back to the history's last WorkflowTaskStarted.
    await assert.rejects(updates.executeUpdate('add', { args: [-1] }), failedWith(/^cannot add -1: amounts are not negative$/));
    await assert.rejects(updates.executeUpdate('add', { args: [-2] }), failedWith(/^cannot add -2: amounts are not negative$/));
    assert.deepEqual(eventIds(await historyOf(handle)), eventIds(idle));
    assert.equal(await updates.executeUpdate<number, [number]>('add', { args: [4], updateId: 'add-4' }), 4);
    await handle.signal(workflows.stopCounting);
    assert.equal(await handle.result(), 4);
    const events = await historyOf(handle);
    assert.deepEqual(updateEvents(events), ['Accepted add-4 add', 'Completed add-4 4']);
    // The worker went back where the server told it to: it never saw a history it did not expect.
    assert.deepEqual(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED), []);
  });

  it("failed by its handler: accepted, then completed with the handler's failure", async function () {
    const workflowId = 'update-failed';
    const handle = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId });
    const updates = rewind.workflow.getHandle(workflowId);
    await assert.rejects(
      updates.executeUpdate('refuse', { args: ['not today'], updateId: 'refuse-1' }),
      (err: unknown) => failedWith(/^not today$/)(err) && (err as WorkflowUpdateFailedError).cause?.name === 'ApplicationFailure',
    );
    await handle.signal(workflows.stopCounting);
    assert.equal(await handle.result(), 0);
    assert.deepEqual(updateEvents(await historyOf(handle)), ['Accepted refuse-1 refuse', 'Completed refuse-1 failed: not today']);
  });

  it("sent while a task is in flight to a workflow without its handler: the next task carries it, Temporal's SDK rejects it, the run goes on", async function () {
    const workflowId = 'update-no-handler';
    const handle = await sdk.client.workflow.start(workflows.slowTask, { taskQueue, workflowId, args: [workflowId] });
    await reached(`${workflowId}:started`); // Its first workflow task waits on a local activity.
    const update = rewind.workflow.getHandle(workflowId).executeUpdate('setPrice', { args: [42] });
    const rejected = assert.rejects(update, failedWith(/setPrice/));
    reach(`${workflowId}:release`);
    await rejected;
    await handle.signal(workflows.done);
    assert.equal(await handle.result(), `${workflowId} released`);
    const events = await historyOf(handle);
    assert.deepEqual(updateEvents(events), []);
    assert.deepEqual(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED), []);
  });
});
