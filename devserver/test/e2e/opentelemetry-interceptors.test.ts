// The real @temporalio/interceptors-opentelemetry (1.24, unchanged) on a Rewind worker, as Temporal's docs set
// it up: its workflow interceptors from interceptors.workflowModules, its spans exported through the
// worker's sink (makeWorkflowExporter); the run then replays with them in Worker.runReplayHistory and the
// debugger's ReplaySession, exporting nothing again.
import assert from 'node:assert/strict';
import path from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { Client as TemporalClient, Connection as TemporalConnection } from '@temporalio/client';
import {
  bundleWorkflowCode as temporalBundle,
  DefaultLogger as TemporalLogger,
  Runtime as TemporalRuntime,
  Worker as TemporalWorker,
} from '@temporalio/worker';
import { WorkflowFailedError, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@rewind/sdk/client';
import { bundleWorkflowCode, Worker } from '@rewind/sdk/worker';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import * as activities from '../fixtures/interceptors/activities';
import { add, approve, state } from '../fixtures/opentelemetry/workflows';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const fixtures = path.join(__dirname, '../fixtures/opentelemetry');
const workflowsPath = path.join(fixtures, 'workflows.ts');
const workflowModules = [path.join(fixtures, 'interceptors.ts')];
const taskQueue = 'opentelemetry-interceptors';

describe("OpenTelemetry's workflow interceptors (@temporalio/interceptors-opentelemetry) on a Rewind worker", function () {
  this.timeout(60_000);
  let srv: TestServer;
  let stop: () => Promise<void>;
  const exported = new InMemorySpanExporter();
  // Temporal's sink for the workflow's spans, as its docs give it to Worker.create.
  const sinks = { exporter: makeWorkflowExporter(new SimpleSpanProcessor(exported), new Resource({ 'service.name': 'rewind-test' })) };

  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, { taskQueue, workflowsPath, activities, interceptors: { workflowModules }, sinks }));
  });
  after(async function () {
    await stop?.();
    await srv?.close();
  });

  it('traces the run, its activities, timer-raced activity, signal, update, query and child through the sink', async function () {
    const handle = await srv.client.workflow.start('tracedOrder', { taskQueue, workflowId: 'otel-1', args: ['ada'] });
    await handle.signal(approve, 'bo');
    await assert.rejects(handle.executeUpdate(add, { args: [-1] }), WorkflowUpdateFailedError);
    assert.equal(await handle.executeUpdate(add, { args: [2] }), 2);
    assert.match(await handle.query(state), /^approved by bo, total 2$/);
    assert.equal(await handle.result(), 'hello ada | hello ada (local) | child ada | approved by bo, total 2');

    const spans = exported.getFinishedSpans();
    const named = (name: string): ReadableSpan[] => spans.filter((s) => s.name === name);
    const one = (name: string): ReadableSpan => {
      assert.equal(named(name).length, 1, `one ${name} span among ${spans.map((s) => s.name).join(', ')}`);
      return named(name)[0]!;
    };
    const run = one('RunWorkflow:tracedOrder');
    // Flag 4 (local activities traced) and the activity: two StartActivity:greet spans, children of the run's.
    assert.equal(named('StartActivity:greet').length, 2);
    for (const span of named('StartActivity:greet')) assert.equal(span.parentSpanId, run.spanContext().spanId);
    // Flags 3 and 6: the signal, the update (validated twice, once refused) and the query are traced.
    one('HandleSignal:approve');
    one('HandleUpdate:add');
    assert.equal(named('ValidateUpdate:add').length, 2);
    assert.equal(
      named('ValidateUpdate:add').filter((s) => s.status.code === SpanStatusCode.ERROR).length,
      1,
      'the refused update is an error',
    );
    one('HandleQuery:state');
    // The child's run continues the trace from the header its parent's interceptor put on its start.
    const start = one('StartChildWorkflow:tracedChild');
    const child = one('RunWorkflow:tracedChild');
    assert.equal(child.parentSpanId, start.spanContext().spanId);
    assert.equal(child.spanContext().traceId, run.spanContext().traceId);
    assert.match(run.spanContext().spanId, /^[0-9a-f]{16}$/);
    // The sink's info reached the span's attributes (makeWorkflowExporter copies it there), with the resource.
    assert.equal(run.attributes['workflowId'], 'otel-1');
    assert.equal(run.resource.attributes['service.name'], 'rewind-test');

    // The activity and the child got the trace header (Temporal's '_tracer-data').
    const { events } = await handle.fetchHistory();
    const scheduled = events.find((e) => e.type === 'ActivityTaskScheduled');
    assert.ok(
      scheduled?.type === 'ActivityTaskScheduled' && scheduled.header?.['_tracer-data'] !== undefined,
      'the activity has the header',
    );
    // Flag 5 (no extra yields): the activity's command came before the timer's, in the code's order.
    const kinds = events.map((e) => e.type).filter((t) => t === 'ActivityTaskScheduled' || t === 'TimerStarted');
    assert.deepEqual(kinds.slice(0, 2), ['ActivityTaskScheduled', 'TimerStarted']);
  });

  it('fails a run whose workflow throws an ApplicationFailure with it, the span recording it as an error', async function () {
    exported.reset();
    const handle = await srv.client.workflow.start('tracedFailure', { taskQueue, workflowId: 'otel-failure', args: ['no stock'] });
    // The run fails, or its task does (and is retried): whichever comes first.
    const events = await eventually(async () => {
      const { events: all } = await handle.fetchHistory();
      return all.some((e) => e.type === 'WorkflowExecutionFailed' || e.type === 'WorkflowTaskFailed') ? all : undefined;
    });
    assert.deepEqual(
      events.filter((e) => e.type === 'WorkflowTaskFailed'),
      [],
      'no workflow task failed on the way (the span read the failure and let it through)',
    );
    await assert.rejects(handle.result(), (err: Error) => {
      assert.ok(err instanceof WorkflowFailedError, String(err));
      assert.match(String(err.cause), /no stock/);
      return true;
    });
    const [run] = exported.getFinishedSpans().filter((s) => s.name === 'RunWorkflow:tracedFailure');
    assert.equal(run?.status.code, SpanStatusCode.ERROR);
    assert.equal(run?.status.message, 'no stock');
  });

  it('replays the run with them in Worker.runReplayHistory and the debugger, exporting no span again', async function () {
    const handle = await srv.client.workflow.start('tracedOrder', { taskQueue, workflowId: 'otel-2', args: ['cy'] });
    await handle.signal(approve, 'di');
    await handle.executeUpdate(add, { args: [3] });
    await handle.result();
    const history = await handle.fetchHistory();
    exported.reset();

    await Worker.runReplayHistory({ workflowsPath, interceptors: { workflowModules }, sinks }, history, 'otel-2');
    const bundle = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: workflowModules });
    const session = await ReplaySession.load({ history, workflowBundle: bundle, workflowId: 'otel-2' });
    try {
      assert.equal(session.nonDeterminism, undefined, session.nonDeterminism?.message);
      assert.equal(session.codeError, undefined);
      assert.equal(session.goTo(session.length), session.length, 'the debugger steps to the last event');
    } finally {
      session.dispose();
    }
    assert.deepEqual(exported.getFinishedSpans(), [], 'the sink is not called during replay');
  });

  it("records the interceptors' flags (3–6) and job batching (2), so that Temporal's own replayer replays the Rewind-recorded run", async function () {
    // The run waits at its condition; then, with no worker, the signal and the update wait for the next
    // task together, and in one activation unblock the child's start: the update's completion and the
    // child's start come in the order Temporal's SDK gives them only with its jobs run as one batch (flag 2).
    const handle = await srv.client.workflow.start('tracedOrder', { taskQueue, workflowId: 'otel-3', args: ['ed'] });
    await eventually(async () => ((await handle.fetchHistory()).events.some((e) => e.type === 'MarkerRecorded') ? true : undefined));
    await eventually(async () => ((await handle.describe()).raw.pendingWorkflowTask === undefined ? true : undefined));
    await stop();
    await handle.signal(approve, 'fa');
    const update = handle.startUpdate(add, { args: [4], waitForStage: WorkflowUpdateStage.ACCEPTED });
    ({ stop } = await startWorker(srv.address, { taskQueue, workflowsPath, activities, interceptors: { workflowModules }, sinks }));
    await (await update).result();
    await handle.result();
    const completions = (await handle.fetchHistory()).events.flatMap((e) => (e.type === 'WorkflowTaskCompleted' ? [e.sdkMetadata] : []));
    // Each recorded once, by the task that first asked (as Temporal's SDK records them).
    const recorded = completions.flatMap((m) => m?.langUsedFlags ?? []);
    assert.deepEqual([...recorded].sort(), [1, 2, 3, 4, 5, 6]);

    // The history as Temporal's client reads it from the Rewind server (gRPC), replayed by Temporal's SDK.
    const connection = await TemporalConnection.connect({ address: srv.address });
    try {
      const history = await new TemporalClient({ connection }).workflow.getHandle('otel-3').fetchHistory();
      try {
        TemporalRuntime.install({ logger: new TemporalLogger('ERROR') });
      } catch {
        // Installed by another test file of this process: theirs serves.
      }
      const bundle = await temporalBundle({
        workflowsPath,
        workflowInterceptorModules: workflowModules,
        logger: new TemporalLogger('ERROR'),
      });
      await TemporalWorker.runReplayHistory({ workflowBundle: bundle }, history, 'otel-3');
    } finally {
      await connection.close();
    }
  });
});
