// Schedules from Temporal's client (`client.schedule.*` of @temporalio/client) on a Rewind server: created,
// described and listed as Temporal's server describes them, triggered (a run on Temporal's worker, and on a
// Rewind worker), paused, unpaused, backfilled, updated and deleted; one schedule whichever SDK made it, seen
// by Rewind's client and CLI too; and a spec Rewind cannot take refused naming the field.
import assert from 'node:assert/strict';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleDescription } from '@temporalio/client';
import { Client as RewindClient, Connection as RewindConnection } from '@rewind/sdk/client';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { temporal, timestamp } from '../../src/grpc/proto';
import { runCli, type CliRun } from '../cli/run-cli';
import { eventually, startWorker } from '../helpers/server';
import { useTemporalSdk } from '../helpers/temporal-sdk';

const taskQueue = 'temporal-schedules';
const REWIND_QUEUE = 'temporal-schedules-rewind';
/** Far from now, so that no action is taken but those a test asks for. */
const YEARLY = '0 0 1 1 *';

describe("schedules from Temporal's client", function () {
  this.timeout(90_000);
  const sdk = useTemporalSdk({ taskQueue });
  let connection: RewindConnection | undefined;
  let rewind: RewindClient;
  let stopRewindWorker: (() => Promise<void>) | undefined;
  let cli: (...args: string[]) => Promise<CliRun>;

  before(async function () {
    this.timeout(120_000);
    connection = await RewindConnection.connect({ address: sdk.server.address });
    rewind = new RewindClient({ connection });
    stopRewindWorker = (await startWorker(sdk.server.address, { taskQueue: REWIND_QUEUE })).stop;
    const address = sdk.server.address;
    cli = (...args) => runCli(args, { REWIND_ADDRESS: address, REWIND_NAMESPACE: '' });
  });
  after(async function () {
    await stopRewindWorker?.();
    await connection?.close();
  });

  const describeOf = (scheduleId: string): Promise<ScheduleDescription> => sdk.client.schedule.getHandle(scheduleId).describe();
  const recentRuns = async (scheduleId: string, count: number): Promise<ScheduleDescription['info']['recentActions'] | undefined> => {
    const recent = (await describeOf(scheduleId)).info.recentActions;
    return recent.length >= count ? recent : undefined;
  };

  it("creates a schedule that describes, lists and reads back as Temporal's server gives it, and Rewind's client reads the same", async function () {
    const startAt = new Date('2030-01-01T00:00:00Z');
    const endAt = new Date('2031-01-01T00:00:00Z');
    const handle = await sdk.client.schedule.create({
      scheduleId: 'described',
      spec: {
        calendars: [{ hour: 9, minute: 30, dayOfWeek: { start: 'MONDAY', end: 'FRIDAY' }, comment: 'weekday mornings' }],
        cronExpressions: ['15 4 * * *'],
        intervals: [{ every: '1 hour', offset: '15 minutes' }],
        startAt,
        endAt,
      },
      action: {
        type: 'startWorkflow',
        workflowType: workflows.hello,
        taskQueue,
        args: ['ada'],
        workflowId: 'described-run',
        memo: { team: 'ops' },
        searchAttributes: { CustomKeywordField: ['blue'] },
        workflowExecutionTimeout: '1 hour',
        retry: { maximumAttempts: 3 },
        staticSummary: 'weekday report',
      },
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '1 day', pauseOnFailure: true },
      state: { paused: true, note: 'held for the test', remainingActions: 5 },
      memo: { owner: 'ada' },
      searchAttributes: { CustomKeywordField: ['schedule-sa'] },
    });
    assert.equal(handle.scheduleId, 'described');

    const d = await handle.describe();
    assert.deepEqual(d.spec.calendars, [
      {
        second: [{ start: 0, end: 0, step: 1 }],
        minute: [{ start: 30, end: 30, step: 1 }],
        hour: [{ start: 9, end: 9, step: 1 }],
        dayOfMonth: [{ start: 1, end: 31, step: 1 }],
        month: [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }],
        year: [],
        dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }],
        comment: '',
      },
      {
        second: [{ start: 0, end: 0, step: 1 }],
        minute: [{ start: 15, end: 15, step: 1 }],
        hour: [{ start: 4, end: 4, step: 1 }],
        dayOfMonth: [{ start: 1, end: 31, step: 1 }],
        month: [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }],
        year: [],
        dayOfWeek: [{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }],
        comment: '',
      },
    ]);
    assert.deepEqual(d.spec.intervals, [{ every: 3_600_000, offset: 900_000 }]);
    assert.deepEqual([d.spec.startAt, d.spec.endAt], [startAt, endAt]);
    assert.equal(d.action.type, 'startWorkflow');
    assert.deepEqual(
      {
        workflowId: d.action.workflowId,
        workflowType: d.action.workflowType,
        taskQueue: d.action.taskQueue,
        args: d.action.args,
        memo: d.action.memo,
        searchAttributes: d.action.searchAttributes,
        workflowExecutionTimeout: d.action.workflowExecutionTimeout as unknown,
        maximumAttempts: (d.action.retry as { maximumAttempts?: number } | undefined)?.maximumAttempts,
        staticSummary: d.action.staticSummary,
      },
      {
        workflowId: 'described-run',
        workflowType: 'hello',
        taskQueue,
        args: ['ada'],
        memo: { team: 'ops' },
        searchAttributes: { CustomKeywordField: ['blue'] },
        workflowExecutionTimeout: 3_600_000,
        maximumAttempts: 3,
        staticSummary: 'weekday report',
      },
    );
    assert.deepEqual(d.policies, { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: 86_400_000, pauseOnFailure: true });
    assert.deepEqual(d.state, { paused: true, note: 'held for the test', remainingActions: 5 });
    assert.deepEqual(d.memo, { owner: 'ada' });
    assert.deepEqual(d.searchAttributes, { CustomKeywordField: ['schedule-sa'] });
    assert.equal(d.info.numActionsTaken, 0);
    assert.deepEqual(d.info.recentActions, []);
    assert.ok(d.info.createdAt instanceof Date && Math.abs(d.info.createdAt.getTime() - Date.now()) < 60_000);
    assert.equal(d.raw.conflictToken?.length ? 'token' : 'none', 'token');

    // Rewind's client reads the same schedule: the calendars as the cron expressions Rewind keeps.
    const r = await rewind.schedule.getHandle('described').describe();
    assert.deepEqual(r.spec.cronExpressions, ['0 30 9 * * 1-5', '15 4 * * *']);
    assert.deepEqual(r.action.args, ['ada']);
    assert.deepEqual(r.state, { paused: true, note: 'held for the test', remainingActions: 5 });

    // Unpaused, the next times are those of the spec from its start.
    await handle.unpause('go');
    const next = (await handle.describe()).info.nextActionTimes;
    assert.deepEqual(
      next.slice(0, 3).map((t) => t.toISOString()),
      ['2030-01-01T00:15:00.000Z', '2030-01-01T01:15:00.000Z', '2030-01-01T02:15:00.000Z'],
    );
    const matching = await (sdk.client.workflowService.listScheduleMatchingTimes({
      namespace: 'default',
      scheduleId: 'described',
      startTime: timestamp('2030-01-01T03:00:00Z'),
      endTime: timestamp('2030-01-01T05:15:00Z'),
    }) as Promise<temporal.api.workflowservice.v1.IListScheduleMatchingTimesResponse>);
    assert.deepEqual(
      (matching.startTime ?? []).map((t) => new Date(Number(t.seconds) * 1000).toISOString()),
      ['2030-01-01T03:15:00.000Z', '2030-01-01T04:15:00.000Z', '2030-01-01T05:15:00.000Z'],
    );

    const listed = [];
    for await (const s of sdk.client.schedule.list()) listed.push(s);
    const entry = listed.find((s) => s.scheduleId === 'described');
    assert.ok(entry, `listed: ${listed.map((s) => s.scheduleId).join(', ')}`);
    assert.deepEqual(entry.action, { type: 'startWorkflow', workflowType: 'hello' });
    assert.deepEqual(entry.state, { paused: false, note: 'go' });
    assert.deepEqual(entry.memo, { owner: 'ada' });
    assert.equal(entry.spec?.calendars?.length, 2);

    await assert.rejects(
      sdk.client.schedule.create({
        scheduleId: 'described',
        spec: { cronExpressions: [YEARLY] },
        action: { type: 'startWorkflow', workflowType: 'hello', taskQueue },
      }),
      ScheduleAlreadyRunning,
    );
    // The same create again (a retry after a lost answer, by its request id) is not a second schedule, nor an error.
    const create = {
      namespace: 'default',
      scheduleId: 'retried',
      requestId: 'create-once',
      schedule: {
        spec: { cronString: [YEARLY] },
        action: { startWorkflow: { workflowId: 'r', workflowType: { name: 'hello' }, taskQueue: { name: taskQueue } } },
      },
    };
    await sdk.client.workflowService.createSchedule(create);
    await sdk.client.workflowService.createSchedule(create);
    await assert.rejects(
      sdk.client.workflowService.createSchedule({ ...create, requestId: 'another' }),
      (err: Error & { code?: number }) => err.code === 6 && /Schedule retried already exists/.test(err.message),
    );
    await assert.rejects(describeOf('no-such-schedule'), ScheduleNotFoundError);
    await assert.rejects(sdk.client.schedule.getHandle('no-such-schedule').pause(), ScheduleNotFoundError);
  });

  it("triggers a run on Temporal's worker, pauses, unpauses, backfills, updates and deletes", async function () {
    const handle = await sdk.client.schedule.create({
      scheduleId: 'lifecycle',
      spec: { cronExpressions: [YEARLY] },
      action: { type: 'startWorkflow', workflowType: workflows.hello, taskQueue, args: ['scheduled'], workflowId: 'lifecycle-run' },
    });

    await handle.trigger();
    const [first] = (await eventually(() => recentRuns('lifecycle', 1), 20_000, 'the triggered run'))!;
    const run = first!.action.workflow;
    // The action's workflow id and the time it was for (a trigger's: now, to the millisecond on Rewind).
    assert.match(run.workflowId, /^lifecycle-run-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
    assert.equal(await sdk.client.workflow.getHandle(run.workflowId, run.firstExecutionRunId).result(), 'hello scheduled');
    assert.equal((await handle.describe()).info.numActionsTaken, 1);
    // A trigger for a given time (Temporal's scheduled_time): the run's id says that time.
    await sdk.client.workflowService.patchSchedule({
      namespace: 'default',
      scheduleId: 'lifecycle',
      patch: { triggerImmediately: { scheduledTime: timestamp('2027-03-01T00:00:00Z') } },
    });
    const [, forTime] = (await eventually(() => recentRuns('lifecycle', 2), 20_000, 'the run for the given time'))!;
    assert.equal(forTime!.action.workflow.workflowId, 'lifecycle-run-2027-03-01T00:00:00Z');
    assert.equal(forTime!.scheduledAt.toISOString(), '2027-03-01T00:00:00.000Z');

    await handle.pause('maintenance');
    assert.deepEqual((await handle.describe()).state, { paused: true, note: 'maintenance', remainingActions: undefined });
    assert.match((await cli('schedule', 'list')).stdout, /^lifecycle +cron 0 0 1 1 \* +hello +yes/m);
    await handle.unpause();
    assert.equal((await handle.describe()).state.paused, false);

    // Temporal's range leaves its start out and takes its end: 01:00, 02:00 and 03:00 of an hourly spec.
    await handle.update((prev) => ({ ...prev, spec: { intervals: [{ every: '1 hour' }] } }));
    await handle.backfill({
      start: new Date('2025-01-01T00:00:00Z'),
      end: new Date('2025-01-01T03:00:00Z'),
      overlap: ScheduleOverlapPolicy.ALLOW_ALL,
    });
    const recent = (await eventually(() => recentRuns('lifecycle', 5), 20_000, 'the backfilled runs'))!;
    assert.deepEqual(
      recent.slice(2).map((a) => [a.scheduledAt.toISOString(), a.action.workflow.workflowId]),
      [1, 2, 3].map((h) => [`2025-01-01T0${h}:00:00.000Z`, `lifecycle-run-2025-01-01T0${h}:00:00Z`]),
    );

    // An update replaces the action (and the spec), keeps what the function passes on.
    await handle.update((prev) => ({
      ...prev,
      spec: { cronExpressions: ['0 5 * * *'] },
      action: { ...prev.action, args: ['updated'] },
      policies: { ...prev.policies, overlap: ScheduleOverlapPolicy.ALLOW_ALL },
    }));
    const updated = await handle.describe();
    assert.deepEqual(updated.action.args, ['updated']);
    assert.equal(updated.policies.overlap, ScheduleOverlapPolicy.ALLOW_ALL);
    assert.deepEqual(updated.spec.intervals, []);
    assert.deepEqual(updated.spec.calendars?.[0]?.hour, [{ start: 5, end: 5, step: 1 }]);
    assert.ok(updated.info.lastUpdatedAt instanceof Date);
    assert.deepEqual((await rewind.schedule.getHandle('lifecycle').describe()).spec.cronExpressions, ['0 5 * * *']);

    // A conflict token read before a change is refused after it.
    const stale = updated.raw.conflictToken!;
    await handle.pause();
    await assert.rejects(
      sdk.client.workflowService.updateSchedule({
        namespace: 'default',
        scheduleId: 'lifecycle',
        schedule: updated.raw.schedule,
        conflictToken: stale,
        requestId: 'stale-update',
      }),
      (err: Error & { code?: number }) => err.code === 9 && /changed since its conflict token/.test(err.message),
    );

    await handle.delete();
    await assert.rejects(handle.describe(), ScheduleNotFoundError);
    assert.doesNotMatch((await cli('schedule', 'list')).stdout, /^lifecycle /m);
  });

  it("is one schedule for both SDKs: Rewind's schedule triggered by Temporal's client runs on a Rewind worker; Temporal's is in `rewind schedule list`", async function () {
    await rewind.schedule.create({
      scheduleId: 'rewind-made',
      spec: { cronExpressions: ['0 3 * * *'] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', taskQueue: REWIND_QUEUE, args: [5], workflowId: 'rewind-made-run' },
    });
    const d = await describeOf('rewind-made');
    assert.deepEqual(d.spec.calendars?.[0]?.hour, [{ start: 3, end: 3, step: 1 }]);
    assert.deepEqual(d.spec.calendars?.[0]?.dayOfWeek, [{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }]);
    assert.deepEqual([d.action.workflowType, d.action.taskQueue, d.action.args], ['sleeper', REWIND_QUEUE, [5]]);
    assert.equal(d.info.nextActionTimes[0]?.getUTCHours(), 3);

    await sdk.client.schedule.getHandle('rewind-made').trigger();
    const [first] = (await eventually(() => recentRuns('rewind-made', 1), 20_000, 'the triggered run'))!;
    const { workflowId } = first!.action.workflow;
    const ran = await rewind.workflow.getHandle<(ms: number) => Promise<number>>(workflowId).result();
    assert.equal(typeof ran, 'number');

    await sdk.client.schedule.create({
      scheduleId: 'temporal-made',
      spec: { intervals: [{ every: '1 day', offset: '2 hours' }] },
      action: { type: 'startWorkflow', workflowType: workflows.hello, taskQueue, args: ['x'] },
    });
    // Temporal's client pages through them (a page of one schedule at a time), by id.
    const paged: string[] = [];
    for await (const s of sdk.client.schedule.list({ pageSize: 1 })) paged.push(s.scheduleId);
    assert.deepEqual(
      paged.filter((id) => id === 'rewind-made' || id === 'temporal-made'),
      ['rewind-made', 'temporal-made'],
    );
    assert.deepEqual(paged, [...paged].sort());
    const listed = (await cli('schedule', 'list')).stdout;
    assert.match(listed, /^rewind-made +cron 0 3 \* \* \* +sleeper +no/m);
    assert.match(listed, /^temporal-made +\S.* +hello +no/m);
    assert.deepEqual((await rewind.schedule.getHandle('temporal-made').describe()).spec.intervals, [
      { every: 86_400_000, offset: 7_200_000 },
    ]);
  });

  it("refuses a spec it cannot take, naming the field (a TypeError from Temporal's client); the server goes on", async function () {
    const create = (spec: Parameters<typeof sdk.client.schedule.create>[0]['spec']) =>
      sdk.client.schedule.create({ scheduleId: 'refused', spec, action: { type: 'startWorkflow', workflowType: 'hello', taskQueue } });
    const refused = async (spec: Parameters<typeof create>[0], message: RegExp): Promise<void> => {
      await assert.rejects(create(spec), (err: Error) => {
        assert.ok(err instanceof TypeError, `${err.name}: ${err.message}`);
        assert.match(err.message, message);
        return true;
      });
    };
    await refused(
      { cronExpressions: ['0 25 * * *'] },
      /^schedule\.spec\.cronString\[0\]: Invalid cron expression "0 25 \* \* \*": hour field "25" is out of range 0-23/,
    );
    await refused({ cronExpressions: [YEARLY, 'every day'] }, /^schedule\.spec\.cronString\[1\]: .*"every day" has 2 fields/);
    await refused(
      { calendars: [{ hour: 9, dayOfMonth: 1, dayOfWeek: 'MONDAY' }] },
      /^schedule\.spec\.structuredCalendar\[0\]\.dayOfWeek: .*both a day of the month and a day of the week/,
    );
    await refused({ calendars: [{ hour: 9, year: 2030 }] }, /^schedule\.spec\.structuredCalendar\[0\]\.year: years are not supported/);
    await refused({ cronExpressions: [YEARLY], jitter: '1 minute' }, /^schedule\.spec\.jitter: jitter is not supported/);
    await refused(
      { cronExpressions: [YEARLY], timezone: 'Europe/Paris' },
      /^schedule\.spec\.timezoneName: time zone "Europe\/Paris" is not supported/,
    );
    await refused({ cronExpressions: [YEARLY], skip: [{ hour: 1 }] }, /^schedule\.spec\.excludeStructuredCalendar: skipping times/);
    await refused(
      { intervals: [{ every: '1 hour', offset: '2 hours' }] },
      /^schedule\.spec\.interval\[0\]\.phase: the phase \(7200 s\) must be shorter than the interval \(3600 s\)/,
    );
    await refused(
      { cronExpressions: ['CRON_TZ=America/New_York 0 3 * * *'] },
      /^schedule\.spec\.cronString\[0\]: time zone "America\/New_York"/,
    );
    await refused({}, /^schedule\.spec: no structuredCalendar, calendar, cronString or interval/);
    await assert.rejects(describeOf('refused'), ScheduleNotFoundError);

    // Temporal's other cron forms are read as Temporal reads them: 7 fields (seconds first, a year last), @every with a phase.
    const handle = await create({ cronExpressions: ['30 0 12 * * MON-FRI *', '@every 2h/30m'] });
    const r = await rewind.schedule.getHandle('refused').describe();
    assert.deepEqual(r.spec.cronExpressions, ['30 0 12 * * MON-FRI']);
    assert.deepEqual(r.spec.intervals, [{ every: 7_200_000, offset: 1_800_000 }]);
    await handle.delete();
  });
});
