// A history made by the real Temporal SDK with a workflow interceptor module (the tracing one: a header
// on each activity and child, span ids drawn with uuid4, a sink) replays in Rewind's runtime with the same
// module, unchanged: the same commands, headers included, as the history recorded.
import assert from 'node:assert/strict';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Worker as TemporalWorker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Worker as RewindWorker, bundleWorkflowCode as rewindBundle, parseHistory } from '@rewind/sdk/worker';
import type { Command } from '@rewind/sdk/protocol';
import { WorkflowSandbox } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { WorkflowExecutor } from '@rewind/sdk/internal/worker/workflows/workflow-executor';
import * as activities from '../fixtures/interceptors/activities';
import { useTemporalSdk } from '../helpers/temporal-sdk';
import { protoJson, throughBytes } from './proto-history';

const fixtures = path.join(__dirname, '../fixtures/interceptors');
const workflowsPath = path.join(fixtures, 'workflows.ts');
const taskQueue = 'temporal-sdk-interceptors';
const recorded: string[] = [];
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** A command's header values, as JSON text per name. */
const headerOf = (x: { header?: Record<string, unknown> } | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(x?.header ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));

describe('the real Temporal SDK with workflow interceptors, replayed by Rewind', function () {
  this.timeout(120_000);
  before(async function () {
    bundle ??= bundleWorkflowCode({
      workflowsPath,
      workflowInterceptorModules: [path.join(fixtures, 'trace.ts')],
      logger: new DefaultLogger('WARN'),
    });
    await bundle;
  });
  const sdk = useTemporalSdk({ taskQueue });

  it('replays with the same commands and headers, and the sink was called once per call', async function () {
    // A worker of its own, on the bundle with the interceptor module.
    const worker = await TemporalWorker.create({
      connection: sdk.nativeConnection,
      taskQueue: `${taskQueue}-traced`,
      workflowBundle: await bundle!,
      activities,
      sinks: {
        trace: { record: { fn: (_info, kind: string, name: string, tag: string) => void recorded.push(`${kind} ${name} ${tag}`) } },
      },
    });
    const history = await worker.runUntil(async () => {
      const handle = await sdk.client.workflow.start('traced', { taskQueue: `${taskQueue}-traced`, workflowId: 'traced-t', args: ['ada'] });
      assert.equal(await handle.result(), 'hello ada | child ada');
      return handle.fetchHistory();
    });
    assert.deepEqual(recorded, [
      'execute traced none',
      'activity greet traced-t/activity/1',
      'child tracedChild traced-t/child/1',
      'execute tracedChild traced-t/child/1',
    ]);

    // Rewind's replay runtime, with the same module, on the history as Temporal's tools export it.
    const exported = protoJson(throughBytes(history.events ?? []));
    const workflowModules = [path.join(fixtures, 'trace.ts')];
    await RewindWorker.runReplayHistory({ workflowsPath, interceptors: { workflowModules } }, exported, 'traced-t');

    // The commands it issues carry the headers the history recorded (Temporal's payloads read as values).
    const events = parseHistory(exported).events;
    const commands: Command[] = [];
    const sandbox = await WorkflowSandbox.create(await rewindBundle({ workflowsPath, workflowInterceptorModules: workflowModules }));
    const executor = new WorkflowExecutor(
      sandbox,
      { namespace: 'default', workflowId: 'traced-t', runId: 'replay', workflowType: 'traced' },
      { onTask: (_task, result) => void (result.status === 'ok' && commands.push(...result.commands)) },
    );
    executor.process(events);
    executor.dispose();
    const issued = commands.filter((c) => c.type === 'ScheduleActivityTask' || c.type === 'StartChildWorkflowExecution') as {
      header?: Record<string, unknown>;
    }[];
    // What Temporal's SDK recorded: json/plain payloads, whose data is the value's JSON text.
    const recordedHeaders = (history.events ?? [])
      .map((e) => (e.activityTaskScheduledEventAttributes ?? e.startChildWorkflowExecutionInitiatedEventAttributes)?.header?.fields)
      .filter((fields) => fields !== undefined)
      .map((fields) => Object.fromEntries(Object.entries(fields ?? {}).map(([k, p]) => [k, Buffer.from(p.data ?? []).toString()])));
    assert.equal(issued.length, 2);
    assert.deepEqual(issued.map(headerOf), recordedHeaders);
    assert.equal(headerOf(issued[0])['x-trace'], '"traced-t/activity/1"');
  });
});
