// Media sync: copy each file of a library; network failures retry with exponential backoff and
// resume from the last heartbeat; a missing source file ends the sync at once (not retried).
import { proxyActivities } from '@rewind/sdk/workflow';
import type { CopyResult, createActivities } from './activities';

const { copyFile } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['SourceMissing'],
  },
});

export async function mediaSync(files: string[]): Promise<CopyResult[]> {
  const results: CopyResult[] = [];
  for (const file of files) results.push(await copyFile(file));
  return results;
}
