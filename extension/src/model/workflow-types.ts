// The workflow types Start Workflow offers, without VS Code: those the live workers registered (by task
// queue, from `taskQueue.list`) merged with those found in the workspace's source, each saying where it
// comes from; and the warnings for a start that no live worker would pick up (before it, from the
// registrations; after it, in the server's words).
import type { TaskQueueSummary } from '@rewind/sdk/protocol';
import type { WorkflowDefinition } from './workflow-scan';

export interface WorkflowTypeChoice {
  name: string;
  /** The task queues whose live workers registered it, sorted. */
  taskQueues: string[];
  /** Where the source defines it (its parameters and argument template), if the scan found it. */
  definition?: WorkflowDefinition;
}

/**
 * One choice per type name: those a live worker registered first (what a start can run now), then those
 * only in source, each by name; a type defined twice in source keeps its first definition.
 */
export function mergeWorkflowTypes(source: readonly WorkflowDefinition[], taskQueues: readonly TaskQueueSummary[]): WorkflowTypeChoice[] {
  const byName = new Map<string, WorkflowTypeChoice>();
  const choice = (name: string): WorkflowTypeChoice => {
    let c = byName.get(name);
    if (!c) {
      c = { name, taskQueues: [] };
      byName.set(name, c);
    }
    return c;
  };
  for (const q of taskQueues) for (const t of q.workflowTypes) choice(t).taskQueues.push(q.name);
  for (const d of source) {
    const c = choice(d.name);
    c.definition ??= d;
  }
  const out = [...byName.values()];
  for (const c of out) c.taskQueues.sort();
  const registeredFirst = (c: WorkflowTypeChoice): number => (c.taskQueues.length > 0 ? 0 : 1);
  return out.sort((a, b) => registeredFirst(a) - registeredFirst(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** "registered on 'orders', 'backup'" for a row's description ('' if no worker registered it). */
export function registeredText(choice: Pick<WorkflowTypeChoice, 'taskQueues'>): string {
  return choice.taskQueues.length ? `registered on ${choice.taskQueues.map((q) => `'${q}'`).join(', ')}` : '';
}

/**
 * The task queue to offer for a type: the last one used if a worker there registered it, else the first
 * queue that registered it, else the last one used or the project's.
 */
export function preferredTaskQueue(
  choice: Pick<WorkflowTypeChoice, 'taskQueues'> | undefined,
  lastUsed: string | undefined,
  projectQueue: string | undefined,
): string {
  const registered = choice?.taskQueues ?? [];
  if (lastUsed && registered.includes(lastUsed)) return lastUsed;
  return registered[0] ?? lastUsed ?? projectQueue ?? '';
}

/**
 * Why a start would wait with no worker to run it: no live worker on that queue registers the type
 * (renamed, removed, or its worker is not running). Undefined when one does, when a Temporal worker takes
 * any type there, or when the server's registrations are not known.
 */
export function noWorkerWarning(
  workflowType: string,
  taskQueue: string,
  taskQueues: readonly TaskQueueSummary[] | undefined,
): string | undefined {
  if (!taskQueues || !taskQueue.trim()) return undefined;
  const queue = taskQueues.find((q) => q.name === taskQueue.trim());
  // A Temporal worker there takes any type (it does not say which it has): the server decides.
  if (queue?.workflowTypes.includes(workflowType) || queue?.anyType) return undefined;
  const name = taskQueue.trim();
  const elsewhere = taskQueues.filter((q) => q.workflowTypes.includes(workflowType)).map((q) => `'${q.name}'`);
  const there = queue ? `No worker on '${name}' registers ${workflowType}` : `No worker polls '${name}'`;
  if (elsewhere.length) return `${there} (workers on ${elsewhere.join(', ')} do).`;
  return `${there}: the workflow will wait for one. Start \`rewind dev\`, or restart the worker?`;
}

/** What the user is told when the server says a started workflow has no live worker to run it (its words name what is registered). */
export function startedWarningText(workflowType: string, workflowId: string, serverWarning: string): string {
  return `Started ${workflowType} (${workflowId}), but no worker can run it yet: ${serverWarning}`;
}
