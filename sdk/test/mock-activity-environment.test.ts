// MockActivityEnvironment with Temporal's options and defaults: the info Temporal's gives, interceptors,
// a logger, a metric meter and a client for the activity, and cancel(reason, details) with the details
// the activity reads; the noop meters of activities and workflows.
import assert from 'node:assert/strict';
import { Context, cancellationDetails, getClient, metricMeter } from '@rewind/sdk/activity';
import type { Client } from '@rewind/sdk/client';
import { ActivityCancellationDetails, IllegalStateError, noopMetricMeter, type MetricMeter } from '@rewind/sdk/common';
import { MockActivityEnvironment, TestWorkflowEnvironment, defaultActivityInfo } from '@rewind/sdk/testing';
import type { Logger, LogLevel, LogMetadata } from '@rewind/sdk/worker';
import { metricMeter as workflowMetricMeter } from '@rewind/sdk/workflow';

/** A logger that keeps its entries. */
function capturingLogger(): { logger: Logger; entries: { level: LogLevel; message: string; meta?: LogMetadata }[] } {
  const entries: { level: LogLevel; message: string; meta?: LogMetadata }[] = [];
  const logger: Logger = {
    log: (level, message, meta) => void entries.push({ level, message, ...(meta ? { meta } : {}) }),
    trace: (message, meta) => logger.log('TRACE', message, meta),
    debug: (message, meta) => logger.log('DEBUG', message, meta),
    info: (message, meta) => logger.log('INFO', message, meta),
    warn: (message, meta) => logger.log('WARN', message, meta),
    error: (message, meta) => logger.log('ERROR', message, meta),
  };
  return { logger, entries };
}

describe("MockActivityEnvironment with Temporal's options", function () {
  it("gives the activity Temporal's default info: the task token as bytes, the namespaces, inWorkflow", async function () {
    const info = await new MockActivityEnvironment().run(async () => Context.current().info);
    assert.deepEqual(info, defaultActivityInfo);
    assert.ok(info.taskToken instanceof Uint8Array);
    assert.equal(Buffer.from(info.taskToken).toString('utf8'), 'test');
    assert.equal(info.base64TaskToken, Buffer.from('test').toString('base64'));
    assert.deepEqual(
      [info.namespace, info.activityNamespace, info.workflowNamespace, info.inWorkflow, info.activityType],
      ['test', 'default', 'default', true, 'unknown'],
    );
  });

  it('runs the activity through the interceptors it is given, each made with the context', async function () {
    const seen: string[] = [];
    const env = new MockActivityEnvironment(
      { activityType: 'greet' },
      {
        interceptors: [
          (ctx) => ({
            inbound: {
              execute: async (input, next) => {
                seen.push(`before ${ctx.info.activityType} ${JSON.stringify(input.args)}`);
                const result = await next({ ...input, args: ['intercepted'] });
                seen.push(`after ${String(result)}`);
                return result;
              },
            },
          }),
        ],
      },
    );
    assert.equal(await env.run(async (name: string) => `hello ${name}`, 'ada'), 'hello intercepted');
    assert.deepEqual(seen, ['before greet ["ada"]', 'after hello intercepted']);
  });

  it("sends the activity's log to the logger it is given, with the activity's attributes", async function () {
    const { logger, entries } = capturingLogger();
    const env = new MockActivityEnvironment({ activityId: 'a-1' }, { logger });
    await env.run(async () => Context.current().log.info('working', { step: 1 }));
    assert.deepEqual(
      entries.map((e) => [e.level, e.message, e.meta?.['activityId'], e.meta?.['step'], e.meta?.['sdkComponent']]),
      [['INFO', 'working', 'a-1', 1, 'activity']],
    );
  });

  it('gives the activity the client it is given (getClient(), Context.client), and says how to give one when none was', async function () {
    const testEnv = await TestWorkflowEnvironment.createLocal();
    try {
      const client: Client = testEnv.client;
      const env = new MockActivityEnvironment({}, { client });
      assert.equal(await env.run(async () => getClient()), client);
      assert.equal(await env.run(async () => Context.current().client), client);
    } finally {
      await testEnv.teardown();
    }
    await assert.rejects(
      new MockActivityEnvironment().run(async () => Context.current().client),
      (err: unknown) => err instanceof IllegalStateError && /new MockActivityEnvironment\(info, \{ client \}\)/.test(err.message),
    );
  });

  it('cancels with a reason and the details the activity reads (cancelRequested unless told otherwise)', async function () {
    const waitForCancel = async (): Promise<
      [unknown, ActivityCancellationDetails | undefined, ActivityCancellationDetails | undefined]
    > => {
      const ctx = Context.current();
      const before = ctx.cancellationDetails;
      await ctx.cancelled.catch(() => undefined);
      return [ctx.cancellationSignal.reason, before, cancellationDetails()];
    };
    const env = new MockActivityEnvironment();
    const pending = env.run(waitForCancel);
    env.cancel();
    const [reason, before, after] = await pending;
    assert.equal(reason, 'CANCELLED');
    assert.equal(before, undefined, 'no details before the cancellation');
    assert.deepEqual(after, new ActivityCancellationDetails({ cancelRequested: true }));

    const timedOut = new MockActivityEnvironment();
    const pendingTimeout = timedOut.run(waitForCancel);
    timedOut.cancel('TIMED_OUT', new ActivityCancellationDetails({ timedOut: true }));
    const [timeoutReason, , timeoutDetails] = await pendingTimeout;
    assert.equal(timeoutReason, 'TIMED_OUT');
    assert.equal(timeoutDetails?.timedOut, true);
    assert.equal(timeoutDetails?.cancelRequested, false);
  });

  it("gives Temporal's noop meter unless given another, which the activity module's metricMeter then uses", async function () {
    const counter = await new MockActivityEnvironment().run(async () => {
      assert.equal(Context.current().metricMeter, noopMetricMeter);
      const c = metricMeter.createCounter('orders', 'orders', 'orders placed');
      c.add(1, { region: 'eu' });
      return c.withTags({ tier: 'gold' });
    });
    assert.deepEqual(
      { name: counter.name, unit: counter.unit, description: counter.description, kind: counter.kind, valueType: counter.valueType },
      { name: 'orders', unit: 'orders', description: 'orders placed', kind: 'counter', valueType: 'int' },
    );

    const recorded: [string, number][] = [];
    const meter: MetricMeter = {
      createCounter: (name) => noopMetricMeter.createCounter(name),
      createGauge: (name) => noopMetricMeter.createGauge(name),
      createHistogram: (name, valueType = 'int') => ({
        ...noopMetricMeter.createHistogram(name, valueType),
        record: (v: number) => void recorded.push([name, v]),
      }),
      withTags: () => meter,
    };
    await new MockActivityEnvironment({}, { metricMeter: meter }).run(async () => metricMeter.createHistogram('latency').record(42));
    assert.deepEqual(recorded, [['latency', 42]]);
    assert.throws(() => metricMeter.createCounter('outside'), IllegalStateError);
  });

  it("makes the workflow's metricMeter Temporal's noop meter (Rewind's worker exports no metrics)", function () {
    assert.equal(workflowMetricMeter, noopMetricMeter);
    const gauge = workflowMetricMeter.createGauge('queue', 'float');
    gauge.set(1.5);
    assert.deepEqual([gauge.kind, gauge.valueType], ['gauge', 'float']);
    const upDown = workflowMetricMeter.createUpDownCounter?.('in-flight');
    assert.equal(upDown?.kind, 'up-down-counter');
  });
});
