// An update sent by Rewind's client or CLI to a run that Temporal's SDK worker serves: Rewind does not yet
// deliver updates to such a worker (issue 19), so the update is refused at once with what to do, instead
// of waiting, unseen, until the run closes; the run's history keeps no trace of it, and the run goes on.
import assert from 'node:assert/strict';
import { Client as RewindClient, Connection as RewindConnection, WorkflowUpdateFailedError } from '@rewind/sdk/client';
import { reach, reached } from '../fixtures/temporal-sdk/activity-records';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { runCli } from '../cli/run-cli';
import { EventType, eventsOf, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';

const taskQueue = 'temporal-sdk-updates';

const REFUSAL = (workflowId: string): RegExp =>
  new RegExp(
    `^Workflow ${workflowId} runs on a worker of Temporal's SDK, and Rewind does not yet deliver updates to it ` +
      "\\(Temporal's UpdateWorkflowExecution is not served yet\\): send a signal instead, or run the workflow on Rewind's worker\\.$",
  );

/** The promise's outcome, or a rejection saying it did not settle in `ms` (an update that hangs fails the test, not its timeout). */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe("an update to a run on Temporal's SDK worker is refused at once (issue 19 delivers them)", function () {
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

  /** Asserts that the run's history has no update and no failed workflow task. */
  const assertNoTrace = async (workflowId: string): Promise<void> => {
    const events = await historyOf(sdk.client.workflow.getHandle(workflowId));
    for (const type of [
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    ]) {
      assert.deepEqual(eventsOf(events, type), [], `no ${EventType[type]} in the history`);
    }
  };

  it("from Rewind's client and CLI, while the run waits: refused within a second, saying what to do; the run completes", async function () {
    const workflowId = 'update-refused';
    const handle = await sdk.client.workflow.start(workflows.approval, { taskQueue, workflowId });
    assert.equal(await handle.query(workflows.status), 'waiting'); // Its first task is done: it waits for the signal.

    const sent = Date.now();
    await within(
      1000,
      "Rewind's client's executeUpdate",
      assert.rejects(rewind.workflow.getHandle(workflowId).executeUpdate('setPrice', { args: [42] }), (err: unknown) => {
        assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
        assert.match(err.cause?.message ?? '', REFUSAL(workflowId));
        return true;
      }),
    );
    assert.ok(Date.now() - sent < 1000, `refused after ${Date.now() - sent} ms`);

    // The CLI (a process of its own, so its start-up counts too): an error and exit code 1, not a hang.
    const cli = await within(
      15_000,
      'rewind workflow update',
      runCli(['workflow', 'update', '-w', workflowId, '--name', 'setPrice', '--input', '42'], {
        REWIND_ADDRESS: sdk.server.address,
        REWIND_NAMESPACE: '',
      }),
    );
    assert.equal(cli.code, 1, cli.stdout);
    assert.match(
      cli.stderr,
      /^Error: Workflow Update failed: Workflow update-refused runs on a worker of Temporal's SDK.*\(ServerFailure\)\n$/,
    );
    assert.match(cli.stderr, /send a signal instead, or run the workflow on Rewind's worker\./);

    await handle.signal(workflows.approve, 'ada');
    assert.equal(await handle.result(), 'approved by ada');
    await assertNoTrace(workflowId);
  });

  it('sent while a workflow task is in flight: the next task refuses it, and the run goes on', async function () {
    const workflowId = 'update-refused-in-flight';
    const handle = await sdk.client.workflow.start(workflows.slowTask, { taskQueue, workflowId, args: [workflowId] });
    await reached(`${workflowId}:started`); // Its first workflow task waits on a local activity.
    const update = rewind.workflow.getHandle(workflowId).executeUpdate('setPrice', { args: [42] });
    const refused = assert.rejects(update, (err: unknown) => {
      assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
      assert.match(err.cause?.message ?? '', REFUSAL(workflowId));
      return true;
    });
    reach(`${workflowId}:release`);
    await within(5000, 'the update sent during a task', refused);
    await handle.signal(workflows.done);
    assert.equal(await handle.result(), `${workflowId} released`);
    await assertNoTrace(workflowId);
  });
});
