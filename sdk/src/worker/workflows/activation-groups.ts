// Splits an activation's jobs into the groups of the ordering contract (protocol/activation.ts); the
// sandbox drains microtasks between groups, so signal handlers run before resumed code looks.
import { JOB_ORDER, orderJobs, type ActivationJob } from '../../protocol/activation';

//
// `singleBatch` false (Temporal's histories recorded without lang flag 2, ProcessWorkflowActivationJobsAsSingleBatch):
// an activation with signals runs its patches, then its signals alone, then every other job together, as
// Temporal's SDK did before 1.11.0.
export function groupJobs(jobs: readonly ActivationJob[], singleBatch = true): ActivationJob[][] {
  const ordered = orderJobs(jobs);
  if (!singleBatch && ordered.some((j) => j.type === 'SignalWorkflow')) {
    const patches = ordered.filter((j) => j.type === 'NotifyHasPatch');
    const signals = ordered.filter((j) => j.type === 'SignalWorkflow');
    const rest = ordered.filter((j) => j.type !== 'NotifyHasPatch' && j.type !== 'SignalWorkflow');
    return [patches, signals, rest].filter((group) => group.length > 0);
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
