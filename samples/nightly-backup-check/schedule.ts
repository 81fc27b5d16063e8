// The schedule that runs the check every night at 03:00 UTC; a check still running then is not
// started twice (overlap SKIP).
import { ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@rewind/sdk/client';
import { TASK_QUEUE } from './task-queue';
import { nightlyBackupCheck, type BackupCheckConfig } from './workflows';

export const NIGHTLY = '0 3 * * *';

export function createNightlySchedule(client: Client, scheduleId: string, config: BackupCheckConfig): Promise<ScheduleHandle> {
  return client.schedule.create({
    scheduleId,
    spec: { cronExpressions: [NIGHTLY] },
    action: { type: 'startWorkflow', workflowType: nightlyBackupCheck, taskQueue: TASK_QUEUE, workflowId: scheduleId, args: [config] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
  });
}
