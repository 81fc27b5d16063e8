// Splits an activation's jobs into the groups of the ordering contract (protocol/activation.ts); the
// sandbox drains microtasks between groups, so signal handlers run before resumed code looks.
import { JOB_ORDER, orderJobs, type ActivationJob } from '../../protocol/activation';
import type { JobBatching } from '../../workflow/flags';

// `batching` (workflow/flags.ts JobBatching): Rewind's groups, or Temporal's batches for its histories:
// patches first, then every other job as one batch, or (recorded without lang flag 2) the signals alone
// first, then the other jobs, as Temporal's SDK did before 1.11.0.
export function groupJobs(jobs: readonly ActivationJob[], batching: JobBatching = 'groups'): ActivationJob[][] {
  const ordered = orderJobs(jobs);
  if (batching !== 'groups') {
    const patches = ordered.filter((j) => j.type === 'NotifyHasPatch');
    const rest = ordered.filter((j) => j.type !== 'NotifyHasPatch');
    const batches =
      batching === 'one-batch'
        ? [patches, rest]
        : [patches, rest.filter((j) => j.type === 'SignalWorkflow'), rest.filter((j) => j.type !== 'SignalWorkflow')];
    return batches.filter((batch) => batch.length > 0);
  }
  const groups: ActivationJob[][] = [];
  let last = -1;
  for (const job of ordered) {
    const order = JOB_ORDER[job.type];
    if (order !== last) {
      groups.push([]);
      last = order;
    }
    groups[groups.length - 1]!.push(job);
  }
  return groups;
}
