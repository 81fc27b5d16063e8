// workflowInfo() with Rewind's server: the history's length and size in bytes as each workflow task
// started (the size recorded on its WorkflowTaskStarted, read back the same in a replay), the run id the
// run was created with, and no worker-versioning change.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from '@rewind/sdk/worker';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { advance, historyInfo } from '../fixtures/history-info';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const taskQueue = 'history-info';
const workflowsPath = path.join(__dirname, '../fixtures/history-info.ts');

/** The bytes of the events before `eventId`: each event's JSON, UTF-8, as the server stores it. */
const bytesBefore = (events: readonly HistoryEvent[], eventId: number): number =>
  events.filter((e) => e.eventId < eventId).reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e), 'utf8'), 0);

describe('workflowInfo() of the history, with a Rewind server', function () {
  this.timeout(60_000);
  let srv: TestServer | undefined;
  let stopWorker: (() => Promise<void>) | undefined;
  afterEach(async function () {
    await stopWorker?.();
    await srv?.close();
  });

  it("gives each task the history's length and byte size as it started, the original run id, and no version change", async function () {
    srv = await startServer();
    stopWorker = (await startWorker(srv.address, { taskQueue, workflowsPath })).stop;
    const handle = await srv.client.workflow.start(historyInfo, { taskQueue, workflowId: 'history-info' });
    const started = async (n: number): Promise<true | undefined> =>
      (await handle.fetchHistory()).events.filter((e) => e.type === 'WorkflowTaskCompleted').length >= n ? true : undefined;
    await eventually(() => started(1), 20_000, 'the first task');
    await handle.signal(advance);
    await eventually(() => started(2), 20_000, 'the second task');
    await handle.signal(advance);
    const seen = await handle.result();

    const { events } = await handle.fetchHistory();
    const taskStarts = events.filter((e): e is HistoryEvent & { type: 'WorkflowTaskStarted' } => e.type === 'WorkflowTaskStarted');
    assert.equal(taskStarts.length, 3);
    assert.deepEqual(
      seen,
      taskStarts.map((e) => ({
        historyLength: e.eventId,
        historySize: bytesBefore(events, e.eventId),
        continueAsNewSuggested: false,
        runId: handle.firstExecutionRunId,
        originalExecutionRunId: handle.firstExecutionRunId,
        targetWorkerDeploymentVersionChanged: false,
      })),
    );
    assert.deepEqual(
      taskStarts.map((e) => e.historySizeBytes),
      seen.map((s) => s.historySize),
      'recorded on each WorkflowTaskStarted',
    );
    assert.ok(seen[0]!.historySize > 0 && seen[0]!.historySize < seen[1]!.historySize && seen[1]!.historySize < seen[2]!.historySize);

    // The history replays (sdk/test/temporal-compat-info.test.ts shows a replay reads the recorded sizes).
    await Worker.runReplayHistory({ workflowsPath }, { events });
  });
});
