// `rewind workflow start | execute | signal | query | update | cancel | terminate`: acting on workflows.
import { randomUUID } from 'node:crypto';
import { WorkflowClient, type Client, type WorkflowStartOptions } from '@rewind/sdk/client';
import type { WorkflowStartWarning } from '@rewind/sdk/internal/client/workflow-client';
import type { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { int, list, req, str, UsageError, type CommandSpec, type Flags } from './command';
import { connectionFlags, withClient } from './connect';
import { parseInputs, parseKeyValues } from './json-args';
import { outputFlag, outputFormat, printJson } from './output';
import { reportWaiting } from './waiting-report';
import { failureText, inputFlags, targetFlags } from './workflow-flags';

const startFlags = {
  type: { type: 'string' as const, description: 'Workflow type (the exported function name)', required: true },
  'task-queue': { type: 'string' as const, short: 't', description: 'Task queue of the workers that run it', required: true },
  'workflow-id': { type: 'string' as const, short: 'w', description: 'Workflow id (default: a new UUID)' },
  ...inputFlags,
  'execution-timeout': { type: 'string' as const, description: "Timeout of the whole execution ('1 hour', '30s')" },
  'run-timeout': { type: 'string' as const, description: 'Timeout of one run' },
  'task-timeout': { type: 'string' as const, description: 'Workflow task timeout (default 10s)' },
  cron: { type: 'string' as const, description: "Run on a cron schedule, UTC ('0 3 * * *')" },
  'start-delay': { type: 'string' as const, description: 'Wait this long before the first workflow task' },
  'id-reuse-policy': {
    type: 'string' as const,
    description: 'ALLOW_DUPLICATE, ALLOW_DUPLICATE_FAILED_ONLY, REJECT_DUPLICATE or TERMINATE_IF_RUNNING',
  },
  'id-conflict-policy': { type: 'string' as const, description: 'FAIL, USE_EXISTING or TERMINATE_EXISTING' },
  'search-attribute': { type: 'string' as const, multiple: true, description: 'KEY=VALUE (VALUE as JSON; a list for several values)' },
  memo: { type: 'string' as const, multiple: true, description: 'KEY=VALUE (VALUE as JSON)' },
  ...connectionFlags,
  ...outputFlag,
};

function startOptions(flags: Flags): WorkflowStartOptions & { workflowType: string } {
  const searchAttributes = Object.fromEntries(
    Object.entries(parseKeyValues(list(flags, 'search-attribute'), 'search-attribute')).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
  );
  const memo = parseKeyValues(list(flags, 'memo'), 'memo');
  const opt = (name: string) => str(flags, name);
  const given = (name: string) => str(flags, name) || undefined; // an empty flag is none
  return {
    workflowType: req(flags, 'type'),
    taskQueue: req(flags, 'task-queue'),
    workflowId: opt('workflow-id') ?? randomUUID(),
    args: parseInputs(list(flags, 'input'), opt('input-file')),
    ...definedFields({
      workflowExecutionTimeout: given('execution-timeout'),
      workflowRunTimeout: given('run-timeout'),
      workflowTaskTimeout: given('task-timeout'),
      cronSchedule: given('cron'),
      startDelay: given('start-delay'),
      workflowIdReusePolicy: given('id-reuse-policy') as WorkflowIdReusePolicy | undefined,
      workflowIdConflictPolicy: given('id-conflict-policy') as WorkflowIdConflictPolicy | undefined,
      searchAttributes: Object.keys(searchAttributes).length > 0 ? searchAttributes : undefined,
      memo: Object.keys(memo).length > 0 ? memo : undefined,
    }),
  };
}

/** Starts the workflow; `warning` is the server's word when no live worker would run it yet (it is started all the same). */
async function start(client: Client, flags: Flags) {
  const { workflowType, ...options } = startOptions(flags);
  const warnings: WorkflowStartWarning[] = [];
  // The SDK's own warning (a process warning) would say it a second time, less plainly.
  const workflows = new WorkflowClient({
    connection: client.connection,
    namespace: client.options.namespace,
    identity: client.options.identity,
    onStartWarning: (w) => warnings.push(w),
  });
  const handle = await workflows.start(workflowType, options);
  const warning = warnings[0]?.message;
  return {
    handle,
    warning,
    started: {
      workflowId: handle.workflowId,
      runId: handle.firstExecutionRunId,
      type: workflowType,
      namespace: client.options.namespace,
      ...(warning ? { warning } : {}),
    },
  };
}

/** On stderr: the start's warning, and what to do about it. */
function printWarning(warning: string | undefined, workflowId: string): void {
  if (!warning) return;
  process.stderr.write(
    `Warning: ${warning} The workflow waits until such a worker runs; to end it instead: rewind workflow terminate -w ${workflowId}\n`,
  );
}

export const workflowStart: CommandSpec = {
  words: ['workflow', 'start'],
  summary: 'start a workflow and print its id and run id',
  details: `Example: rewind workflow start --type order --task-queue orders --workflow-id order-42 --input '{"sku": "A1", "qty": 2}'`,
  flags: startFlags,
  async run(flags) {
    const { started, warning } = await withClient(flags, (client) => start(client, flags));
    if (outputFormat(flags) === 'json') printJson(started);
    else process.stdout.write(`Started workflow ${started.workflowId} (type ${started.type}), run ${started.runId}\n`);
    printWarning(warning, started.workflowId);
  },
};

export const workflowExecute: CommandSpec = {
  words: ['workflow', 'execute'],
  summary: 'start a workflow and wait for its result (exit code 1 if it does not complete)',
  details: 'While it waits, it says on stderr what holds the workflow up (no worker has its type, its workflow task fails, …).',
  flags: startFlags,
  async run(flags) {
    return withClient(flags, async (client) => {
      const { handle, started, warning } = await start(client, flags);
      const json = outputFormat(flags) === 'json';
      if (!json) process.stdout.write(`Started workflow ${started.workflowId} (type ${started.type}), run ${started.runId}\n`);
      printWarning(warning, started.workflowId);
      const stopReporting = reportWaiting(
        client,
        { workflowId: started.workflowId, runId: started.runId! },
        (text) => process.stderr.write(`Waiting: ${text}\n`),
        warning,
      );
      try {
        const result = await handle.result();
        if (json) printJson({ ...started, status: 'COMPLETED', result });
        else process.stdout.write(`Result: ${JSON.stringify(result) ?? 'undefined'}\n`);
        return 0;
      } catch (err) {
        if (json) printJson({ ...started, status: 'FAILED', failure: failureText(err) });
        process.stderr.write(`Error: ${failureText(err)}\n`);
        return 1;
      } finally {
        stopReporting();
      }
    });
  },
};

const messageFlags = {
  ...targetFlags,
  name: { type: 'string' as const, description: 'Name of the signal, query or update', required: true },
  ...inputFlags,
};

export const workflowSignal: CommandSpec = {
  words: ['workflow', 'signal'],
  summary: 'send a signal to a running workflow',
  details: `Example: rewind workflow signal --workflow-id order-42 --name approve --input '"ada"'`,
  flags: messageFlags,
  async run(flags) {
    const args = parseInputs(list(flags, 'input'), str(flags, 'input-file'));
    await withClient(flags, (client) =>
      client.workflow.getHandle(req(flags, 'workflow-id'), str(flags, 'run-id')).signal(req(flags, 'name'), ...args),
    );
    if (outputFormat(flags) === 'json') return printJson({ signaled: true });
    process.stdout.write(`Signal ${req(flags, 'name')} sent to ${req(flags, 'workflow-id')}\n`);
  },
};

export const workflowQuery: CommandSpec = {
  words: ['workflow', 'query'],
  summary: "ask a workflow a query and print the answer ('__stack_trace' shows where it waits)",
  flags: messageFlags,
  async run(flags) {
    const args = parseInputs(list(flags, 'input'), str(flags, 'input-file'));
    const result = await withClient(flags, (client) =>
      client.workflow.getHandle(req(flags, 'workflow-id'), str(flags, 'run-id')).query<unknown, unknown[]>(req(flags, 'name'), ...args),
    );
    if (outputFormat(flags) === 'json') return printJson({ result });
    // Text with lines (the __stack_trace query's answer) reads better as it is.
    if (typeof result === 'string' && result.includes('\n')) process.stdout.write(`Query result:\n${result}\n`);
    else process.stdout.write(`Query result: ${JSON.stringify(result) ?? 'undefined'}\n`);
  },
};

export const workflowUpdate: CommandSpec = {
  words: ['workflow', 'update'],
  summary: 'send an update and wait for its result (exit code 1 if it is rejected or fails)',
  flags: { ...messageFlags, 'update-id': { type: 'string', description: 'Update id (a retry with the same id gets the same answer)' } },
  async run(flags) {
    const args = parseInputs(list(flags, 'input'), str(flags, 'input-file'));
    const updateId = str(flags, 'update-id');
    const result = await withClient(flags, (client) =>
      client.workflow
        .getHandle(req(flags, 'workflow-id'), str(flags, 'run-id'))
        .executeUpdate<unknown, unknown[]>(req(flags, 'name'), { args, ...(updateId ? { updateId } : {}) }),
    );
    if (outputFormat(flags) === 'json') return printJson({ result });
    process.stdout.write(`Update result: ${JSON.stringify(result) ?? 'undefined'}\n`);
  },
};

export const workflowCancel: CommandSpec = {
  words: ['workflow', 'cancel'],
  summary: 'ask a workflow to cancel (it runs its cleanup)',
  flags: targetFlags,
  async run(flags) {
    await withClient(flags, (client) => client.workflow.getHandle(req(flags, 'workflow-id'), str(flags, 'run-id')).cancel());
    if (outputFormat(flags) === 'json') return printJson({ cancelRequested: true });
    process.stdout.write(`Cancellation requested for ${req(flags, 'workflow-id')}\n`);
  },
};

export const workflowTerminate: CommandSpec = {
  words: ['workflow', 'terminate'],
  summary: 'end a workflow at once (no cleanup runs)',
  flags: { ...targetFlags, reason: { type: 'string', description: 'Why (recorded in history)' } },
  async run(flags) {
    await withClient(flags, (client) =>
      client.workflow.getHandle(req(flags, 'workflow-id'), str(flags, 'run-id')).terminate(str(flags, 'reason')),
    );
    if (outputFormat(flags) === 'json') return printJson({ terminated: true });
    process.stdout.write(`Terminated ${req(flags, 'workflow-id')}\n`);
  },
};

export const workflowDelete: CommandSpec = {
  words: ['workflow', 'delete'],
  summary: 'delete a run and its history (a running one is terminated first)',
  flags: targetFlags,
  async run(flags) {
    const runId = str(flags, 'run-id');
    const deleted = await withClient(flags, async (client) => {
      // The run by its id: the message then says which one went (older runs of the id stay).
      const run = runId ?? (await client.workflow.getHandle(req(flags, 'workflow-id')).describe()).runId;
      await client.connection.call('workflow.delete', {
        namespace: client.options.namespace,
        workflowId: req(flags, 'workflow-id'),
        runId: run,
        identity: client.options.identity,
      });
      return run;
    });
    if (outputFormat(flags) === 'json') return printJson({ deleted: true, runId: deleted });
    process.stdout.write(`Deleted run ${deleted} of ${req(flags, 'workflow-id')}\n`);
  },
};

export const workflowReset: CommandSpec = {
  words: ['workflow', 'reset'],
  summary: 'start a new run from a workflow task of this one (the old run, if running, is terminated)',
  details:
    'The new run keeps the history up to that workflow task, which then runs again on the current code; signals that came after it are delivered again.\nExample: rewind workflow reset -w order-42 --type LastWorkflowTask --reason "retry with the fix"',
  flags: {
    ...targetFlags,
    'event-id': { type: 'string', description: 'A WorkflowTaskCompleted event to go back to' },
    type: { type: 'string', description: 'FirstWorkflowTask or LastWorkflowTask (instead of --event-id)' },
    reason: { type: 'string', description: 'Why (recorded in both runs)' },
  },
  async run(flags) {
    const eventId = int(flags, 'event-id', 1);
    const type = str(flags, 'type');
    if ((eventId === undefined) === (type === undefined)) throw new UsageError('Give exactly one of --event-id or --type.');
    if (type !== undefined && type !== 'FirstWorkflowTask' && type !== 'LastWorkflowTask') {
      throw new UsageError(`--type must be FirstWorkflowTask or LastWorkflowTask, got ${type}.`);
    }
    // An empty flag is none.
    const runId = str(flags, 'run-id') || undefined;
    const reason = str(flags, 'reason') || undefined;
    const result = await withClient(flags, (client) =>
      client.connection.call('workflow.reset', {
        namespace: client.options.namespace,
        workflowId: req(flags, 'workflow-id'),
        ...definedFields({ runId, eventId, type, reason }),
        identity: client.options.identity,
      }),
    );
    if (outputFormat(flags) === 'json') return printJson(result);
    process.stdout.write(`Reset ${req(flags, 'workflow-id')}: new run ${result.runId}\n`);
  },
};
