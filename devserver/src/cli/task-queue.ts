// `rewind task-queue list` and `describe`: the queues workers poll (with the types they registered),
// and the workers polling one queue, and what waits there.
import type { PollerInfo } from '@rewind/sdk/protocol';
import { req, type CommandSpec } from './command';
import { connectionFlags, withClient } from './connect';
import { outputFlag, outputFormat, printJson, printTable } from './output';

export const taskQueueDescribe: CommandSpec = {
  words: ['task-queue', 'describe'],
  summary: 'the workers polling a task queue (identity, build, types, tasks running), and its backlog',
  flags: { 'task-queue': { type: 'string', short: 't', description: 'Task queue', required: true }, ...connectionFlags, ...outputFlag },
  async run(flags) {
    const d = await withClient(flags, (client) =>
      client.connection.call('taskQueue.describe', { namespace: client.options.namespace, taskQueue: req(flags, 'task-queue') }),
    );
    if (outputFormat(flags) === 'json') return printJson(d);
    printTable(d.pollers, [
      ['Identity', (p) => p.identity ?? p.workerId],
      ['Build', (p) => `${p.buildId ?? ''}${p.retired ? ' (retired)' : ''}`],
      ['Workflows', (p) => `${p.running.workflow}/${p.capacity.workflow} ${p.workflowTypes.join(', ')}`],
      ['Activities', (p) => `${p.running.activity}/${p.capacity.activity} ${p.activityTypes.join(', ')}`],
      ['Last poll', (p) => lastPoll(p, Date.now())],
    ]);
    process.stdout.write(`Backlog: ${d.backlog.workflow} workflow task(s), ${d.backlog.activity} activity task(s) waiting\n`);
  },
};

/** A Temporal worker's latest poll ("4s ago"; it is listed 5 minutes after it); a Rewind worker is connected. */
function lastPoll(p: PollerInfo, now: number): string {
  if (!p.lastPollAt) return 'connected';
  const at = Math.max(p.lastPollAt.workflow ?? 0, p.lastPollAt.activity ?? 0);
  return `${Math.max(0, Math.round((now - at) / 1000))}s ago`;
}

/** A queue's registered types, and "any" when a Temporal worker (which does not say its types) takes tasks there. */
function typesText(types: string[], anyType: boolean | undefined): string {
  return [...types, ...(anyType ? ['any (Temporal worker)'] : [])].join(', ');
}

export const taskQueueList: CommandSpec = {
  words: ['task-queue', 'list'],
  summary: 'the task queues that workers poll now, with the workflow and activity types they registered',
  flags: { ...connectionFlags, ...outputFlag },
  async run(flags) {
    const { taskQueues } = await withClient(flags, (client) =>
      client.connection.call('taskQueue.list', { namespace: client.options.namespace }),
    );
    if (outputFormat(flags) === 'json') return printJson(taskQueues);
    printTable(taskQueues, [
      ['Task queue', (q) => q.name],
      ['Workers', (q) => String(q.pollers)],
      ['Workflows', (q) => typesText(q.workflowTypes, q.anyType)],
      ['Activities', (q) => typesText(q.activityTypes, q.anyType)],
    ]);
  },
};
