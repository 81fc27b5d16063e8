// The nightly backup check: find last night's backup, verify its checksum, test a restore, report.
// A schedule starts it every night; see schedule.ts.
import { ActivityFailure, ApplicationFailure, proxyActivities, sleep, type Duration } from '@rewind/sdk/workflow';
import type * as activities from './activities';

const { findLatestBackup, verifyChecksum, testRestore, report } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

export interface BackupCheckConfig {
  /** Where the backups are: `<name>.bak` files, each with a `<name>.bak.sha256` next to it. */
  dir: string;
  /** A newest backup older than this is a failure (the backup job did not run). */
  maxAgeHours: number;
  /** Verify the checksum again after this long (catches storage that corrupts files at rest). */
  recheckAfter?: Duration;
}

export interface CheckResult {
  ok: boolean;
  file?: string;
  steps: string[];
  problem?: string;
}

export async function nightlyBackupCheck(config: BackupCheckConfig): Promise<CheckResult> {
  const steps: string[] = [];
  let result: CheckResult;
  try {
    const latest = await findLatestBackup(config.dir, config.maxAgeHours);
    steps.push(`found ${latest.file.split('/').pop()} (${latest.bytes} bytes)`);
    await verifyChecksum(latest.file, latest.sha256);
    steps.push('checksum ok');
    await testRestore(latest.file, latest.sha256);
    steps.push('restore ok');
    if (config.recheckAfter !== undefined) {
      await sleep(config.recheckAfter);
      await verifyChecksum(latest.file, latest.sha256);
      steps.push('checksum still ok');
    }
    result = { ok: true, file: latest.file, steps };
  } catch (err) {
    // A step that failed for good: report it (the reason is the activity's error).
    if (!(err instanceof ActivityFailure)) throw err;
    result = { ok: false, steps, problem: err.cause?.message ?? err.message };
  }
  await report(result);
  if (!result.ok) throw ApplicationFailure.nonRetryable(`Backup check failed: ${result.problem}`, 'BackupCheckFailed');
  return result;
}
