// Splits an activation's jobs into the groups of the ordering contract (protocol/activation.ts); the
// sandbox drains microtasks between groups, so signal handlers run before resumed code looks.
import { JOB_ORDER, orderJobs, type ActivationJob } from '../../protocol/activation';

export function groupJobs(jobs: readonly ActivationJob[]): ActivationJob[][] {
  const groups: ActivationJob[][] = [];
  let last = -1;
  for (const job of orderJobs(jobs)) {
    const order = JOB_ORDER[job.type];
    if (order !== last) {
      groups.push([]);
      last = order;
    }
    groups[groups.length - 1]!.push(job);
  }
  return groups;
}
