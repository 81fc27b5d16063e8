// The nightly backup check on the time-skipping environment: a schedule runs it at 03:00 UTC each
// night, a check that runs long is not started twice, and the schedule can be paused, triggered and
// deleted. Days pass in milliseconds; the backups are real files.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CronSyntaxError, ScheduleNotFoundError, WorkflowFailedError } from '@rewind/sdk/client';
import { TestWorkflowEnvironment } from '@rewind/sdk/testing';
import { DefaultLogger, Runtime, Worker } from '@rewind/sdk/worker';
import * as activities from './activities';
import { createNightlySchedule } from './schedule';
import { TASK_QUEUE } from './task-queue';
import { nightlyBackupCheck, type CheckResult } from './workflows';

Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

function backupFolder(content: string, recorded = content): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backups-'));
  fs.writeFileSync(path.join(dir, 'db.bak'), content);
  fs.writeFileSync(path.join(dir, 'db.bak.sha256'), `${createHash('sha256').update(recorded).digest('hex')}  db.bak\n`);
  return dir;
}

describe('sample: nightly-backup-check', function () {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const log = console.log;

  before(async function () {
    env = await TestWorkflowEnvironment.createTimeSkipping();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowsPath: require.resolve('./workflows'),
      activities,
    });
    running = worker.run();
    console.log = () => undefined;
  });
  after(async function () {
    console.log = log;
    worker.shutdown();
    await running;
    await env.teardown();
  });

  /** Moves virtual time to the next 00:00 UTC, so that the nights counted below are whole. */
  async function toMidnight(): Promise<void> {
    const now = await env.currentTimeMs();
    await env.sleep(86_400_000 - (now % 86_400_000) + 1000);
  }

  it('checks the backup at 03:00 UTC every night', async function () {
    await toMidnight();
    const handle = await createNightlySchedule(env.client, 'nightly-ok', { dir: backupFolder('good data'), maxAgeHours: 1000 });
    await env.sleep('3 days');
    const d = await handle.describe();
    assert.equal(d.info.numActionsTaken, 3);
    assert.deepEqual(
      d.info.recentActions.map((a) => a.scheduledAt.toISOString().slice(11)),
      ['03:00:00.000Z', '03:00:00.000Z', '03:00:00.000Z'],
    );
    const first = d.info.recentActions[0]!.action.workflow.workflowId;
    assert.match(first, /^nightly-ok-\d{4}-\d\d-\d\dT03:00:00Z$/);
    const result = (await env.client.workflow.getHandle(first).result()) as CheckResult;
    assert.deepEqual(result.steps, ['found db.bak (9 bytes)', 'checksum ok', 'restore ok']);
    assert.equal(d.info.nextActionTimes[0]!.getUTCHours(), 3);
    await handle.delete();
    await assert.rejects(handle.describe(), ScheduleNotFoundError);
  });

  it('fails the check (and says why) when the backup does not match its checksum', async function () {
    const handle = await createNightlySchedule(env.client, 'nightly-corrupt', {
      dir: backupFolder('bit rot', 'original'),
      maxAgeHours: 1000,
    });
    await handle.trigger();
    const { workflowId } = (await handle.describe()).info.recentActions[0]!.action.workflow;
    const err = await env.client.workflow
      .getHandle(workflowId)
      .result()
      .catch((e: unknown) => e);
    assert.ok(err instanceof WorkflowFailedError);
    assert.match(String(err.cause?.message), /Backup check failed: db.bak: checksum .* is not the recorded/);
    await handle.delete();
  });

  it('skips a night while the previous check still runs (overlap SKIP)', async function () {
    await toMidnight();
    // Each check re-verifies 30 hours later, so it is still running the next night.
    const handle = await env.client.schedule.create({
      scheduleId: 'nightly-slow',
      spec: { cronExpressions: ['0 3 * * *'] },
      action: {
        type: 'startWorkflow',
        workflowType: nightlyBackupCheck,
        taskQueue: TASK_QUEUE,
        args: [{ dir: backupFolder('slow'), maxAgeHours: 1000, recheckAfter: '30 hours' }],
      },
    });
    await env.sleep('3 days');
    const d = await handle.describe();
    assert.equal(d.info.numActionsTaken, 2, 'nights 1 and 3');
    assert.equal(d.info.numActionsSkippedOverlap, 1, 'night 2');
    await handle.delete();
  });

  it('takes no action while paused; trigger runs one now', async function () {
    const handle = await createNightlySchedule(env.client, 'nightly-paused', { dir: backupFolder('x'), maxAgeHours: 1000 });
    await handle.pause('backup system under maintenance');
    await env.sleep('2 days');
    let d = await handle.describe();
    assert.equal(d.info.numActionsTaken, 0);
    assert.deepEqual(d.state, { paused: true, note: 'backup system under maintenance' });
    await handle.trigger();
    await handle.unpause();
    d = await handle.describe();
    assert.equal(d.info.numActionsTaken, 1);
    assert.equal(d.state.paused, false);
    const ids: string[] = [];
    for await (const s of env.client.schedule.list()) ids.push(s.scheduleId);
    assert.ok(ids.includes('nightly-paused'));
    await handle.delete();
  });

  it('refuses a cron expression that does not parse, saying which field is wrong', async function () {
    await assert.rejects(
      env.client.schedule.create({
        scheduleId: 'bad',
        spec: { cronExpressions: ['0 25 * * *'] },
        action: { type: 'startWorkflow', workflowType: nightlyBackupCheck, taskQueue: TASK_QUEUE, args: [] },
      }),
      (err: unknown) => err instanceof CronSyntaxError && /hour/.test(err.message) && /0-23/.test(err.message),
    );
  });
});
