// Workflow interceptors and sinks on Rewind's worker (Temporal's interceptors.workflowModules and sinks):
// an interceptor module adds a header to each activity and child and reports through a sink; the activity
// gets the header, the sink is called in the worker's process once per call and not during replay, and a
// run whose interceptors draw uuid4() replays with them (and not without them).
import assert from 'node:assert/strict';
import path from 'node:path';
import { defaultPayloadConverter } from '@rewind/sdk/common';
import { DeterminismViolationError, Worker, type InjectedSinks } from '@rewind/sdk/worker';
import type { WorkflowInfo } from '@rewind/sdk/workflow';
import type { TraceSinks } from '../fixtures/interceptors/trace';
import * as activities from '../fixtures/interceptors/activities';
import { startServer, startWorker, type TestServer } from '../helpers/server';

const fixtures = path.join(__dirname, '../fixtures/interceptors');
const workflowsPath = path.join(fixtures, 'workflows.ts');
const workflowModules = [path.join(fixtures, 'trace.ts')];
const taskQueue = 'workflow-interceptors';

describe('workflow interceptors and sinks on a Rewind worker', function () {
  this.timeout(30_000);
  let srv: TestServer;
  let stop: () => Promise<void>;
  /** What the sink received, in the worker's process: [kind, name, tag, workflow id of the info]. */
  const recorded: [string, string, string, string][] = [];
  /** The headers each activity attempt got (activity interceptors), decoded with Temporal's default converter. */
  const activityHeaders: Record<string, unknown>[] = [];
  const sinks: InjectedSinks<TraceSinks> = {
    trace: { record: { fn: (info: WorkflowInfo, kind, name, tag) => void recorded.push([kind, name, tag, info.workflowId]) } },
  };

  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, {
      taskQueue,
      workflowsPath,
      activities,
      interceptors: {
        workflowModules,
        activity: [
          () => ({
            inbound: {
              execute: (input, next) => {
                activityHeaders.push(
                  Object.fromEntries(Object.entries(input.headers).map(([k, p]) => [k, defaultPayloadConverter.fromPayload(p)])),
                );
                return next(input);
              },
            },
          }),
        ],
      },
      sinks,
    }));
  });
  after(async function () {
    await stop?.();
    await srv?.close();
  });

  it('adds the header to the activity and the child, which see it; the sink is called once per call', async function () {
    const handle = await srv.client.workflow.start('traced', { taskQueue, workflowId: 'traced-1', args: ['ada'] });
    assert.equal(await handle.result(), 'hello ada | child ada');
    assert.deepEqual(
      activityHeaders.map((h) => h['x-trace']),
      ['traced-1/activity/1'],
    );
    assert.match(String(activityHeaders[0]?.['x-span']), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(recorded, [
      ['execute', 'traced', 'none', 'traced-1'],
      ['activity', 'greet', 'traced-1/activity/1', 'traced-1'],
      ['child', 'tracedChild', 'traced-1/child/1', 'traced-1'],
      // The child's execute sees the header its parent's interceptor put on it.
      ['execute', 'tracedChild', 'traced-1/child/1', 'ada-child'],
    ]);
    // The history holds the headers (the child's start event too).
    const { events } = await handle.fetchHistory();
    const scheduled = events.find((e) => e.type === 'ActivityTaskScheduled');
    assert.equal(scheduled?.type === 'ActivityTaskScheduled' && scheduled.header?.['x-trace'], 'traced-1/activity/1');
    const initiated = events.find((e) => e.type === 'StartChildWorkflowExecutionInitiated');
    assert.equal(initiated?.type === 'StartChildWorkflowExecutionInitiated' && initiated.header?.['x-trace'], 'traced-1/child/1');
  });

  it('replays a run whose interceptors draw uuid4() (only with them); sinks are not called during replay unless callDuringReplay', async function () {
    const handle = await srv.client.workflow.start('tracedRandomChild', { taskQueue, workflowId: 'traced-2', args: ['bo'] });
    assert.equal(await handle.result(), 'hello bo | child bo');
    const history = await handle.fetchHistory();
    recorded.length = 0;
    const replayed: string[] = [];
    await Worker.runReplayHistory(
      {
        workflowsPath,
        interceptors: { workflowModules },
        sinks: {
          trace: {
            record: { fn: (_info: WorkflowInfo, kind: string) => void replayed.push(kind), callDuringReplay: true },
          },
        },
      },
      history,
    );
    assert.deepEqual(replayed, ['execute', 'activity', 'child'], 'callDuringReplay: called in the replay');
    await Worker.runReplayHistory({ workflowsPath, interceptors: { workflowModules }, sinks }, history);
    assert.deepEqual(recorded, [], 'not called during replay');
    // Without the interceptors, the run draws another child id: the replay is refused.
    await assert.rejects(Worker.runReplayHistory({ workflowsPath }, history), DeterminismViolationError);
  });
});
