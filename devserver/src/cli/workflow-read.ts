// `rewind workflow list | count | describe | show | result`: reading what workflows did.
import fs from 'node:fs';
import type { Client } from '@rewind/sdk/client';
import { WorkflowFailedError } from '@rewind/sdk/client';
import { typed } from '@rewind/sdk/internal/client/service-errors';
import { PayloadEncodingError } from '@rewind/sdk/internal/common/errors';
import { failureChainText } from '@rewind/sdk/internal/common/failure-text';
import type { HistoryEvent, WorkflowDescription } from '@rewind/sdk/protocol';
import { int, req, str, type CommandSpec, type Flags } from './command';
import { connectionFlags, withClient } from './connect';
import { followHistory } from './follow-history';
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import { brief, outputFlag, outputFormat, printFields, printJson, printTable } from './output';
import { reportWaiting } from './waiting-report';
import { failureText, targetFlags } from './workflow-flags';

const handleOf = (client: Client, flags: Flags) => client.workflow.getHandle(req(flags, 'workflow-id'), str(flags, 'run-id'));

export const workflowList: CommandSpec = {
  words: ['workflow', 'list'],
  summary: 'list workflow executions, newest first',
  details: `Example: rewind workflow list --query "WorkflowType = 'order' AND ExecutionStatus = 'Running'" --limit 20`,
  flags: {
    query: {
      type: 'string',
      short: 'q',
      description:
        'A list filter: WorkflowType, WorkflowId, ExecutionStatus, TaskQueue, StartTime, CloseTime, custom search attributes; = != < > BETWEEN IN STARTS_WITH AND OR ( )',
    },
    limit: { type: 'string', description: 'At most this many', default: '100' },
    ...connectionFlags,
    ...outputFlag,
  },
  async run(flags) {
    const limit = int(flags, 'limit', 1)!;
    const format = outputFormat(flags);
    const query = str(flags, 'query');
    const rows = await withClient(flags, async (client) => {
      const out = [];
      for await (const e of client.workflow.list({ ...(query ? { query } : {}), pageSize: Math.min(limit, 1000) })) {
        out.push(e);
        if (out.length >= limit) break;
      }
      return out;
    }).catch((err: unknown) => pointAtQueryError(err, query));
    if (format === 'json') return printJson(rows);
    printTable(rows, [
      ['Status', (r) => r.status],
      ['Workflow Id', (r) => r.workflowId],
      ['Type', (r) => r.workflowType],
      ['Start Time', (r) => r.startTime],
      ['Close Time', (r) => r.closeTime ?? ''],
      ['Run Id', (r) => r.runId],
    ]);
  },
};

export const workflowCount: CommandSpec = {
  words: ['workflow', 'count'],
  summary: 'count workflow executions (all, or those a list filter matches)',
  flags: { query: workflowList.flags.query!, ...connectionFlags, ...outputFlag },
  async run(flags) {
    const query = str(flags, 'query');
    const { count } = await withClient(flags, (client) => client.workflow.count(query)).catch((err: unknown) =>
      pointAtQueryError(err, query),
    );
    if (outputFormat(flags) === 'json') return printJson({ count });
    process.stdout.write(`Total: ${count}\n`);
  },
};

export const workflowDescribe: CommandSpec = {
  words: ['workflow', 'describe'],
  summary: 'what a workflow execution is doing (status, pending activities, timers, the workflow task), or why it failed',
  flags: targetFlags,
  async run(flags) {
    // What the server said, values as they are: the SDK's describe() refuses a memo it cannot decode.
    const raw = await withClient(flags, (client) => {
      const runId = str(flags, 'run-id');
      const target = { namespace: client.options.namespace, workflowId: req(flags, 'workflow-id'), ...(runId ? { runId } : {}) };
      return typed(target, () => client.connection.call('workflow.describe', target));
    });
    if (outputFormat(flags) === 'json') return printJson(raw);
    printFields([
      ['Workflow Id', raw.workflowId],
      ['Run Id', raw.runId],
      ['Type', raw.workflowType],
      ['Task Queue', raw.taskQueue],
      ['Status', raw.status],
      ['Start Time', raw.startTime],
      ['Close Time', raw.closeTime],
      ['History Length', String(raw.historyLength)],
      ['Search Attributes', raw.searchAttributes ? brief(raw.searchAttributes, 200) : undefined],
      ['Memo', raw.memo ? brief(raw.memo, 200) : undefined],
      ...closeFields(raw),
      ['Workflow Task', workflowTaskText(raw)],
    ]);
    if (raw.pendingActivities.length > 0) {
      process.stdout.write('\nPending activities\n');
      printTable(raw.pendingActivities, [
        ['Activity Id', (a) => a.activityId],
        ['Type', (a) => a.activityType],
        ['State', (a) => a.state],
        ['Attempt', (a) => `${a.attempt}${a.maximumAttempts ? `/${a.maximumAttempts}` : ''}`],
        ['Last Failure', (a) => a.lastFailure?.message ?? ''],
      ]);
    }
    if (raw.pendingTimers.length > 0) {
      process.stdout.write('\nPending timers\n');
      printTable(raw.pendingTimers, [
        ['Timer Id', (t) => t.timerId],
        ['Fires At', (t) => t.fireTime],
      ]);
    }
  },
};

export const workflowShow: CommandSpec = {
  words: ['workflow', 'show'],
  summary: "a run's event history (--output json writes a history file for Worker.runReplayHistory and the debugger)",
  flags: {
    ...targetFlags,
    'output-file': { type: 'string', description: 'Write the JSON history to this file' },
    follow: {
      type: 'boolean',
      short: 'f',
      description: 'Print new events as they happen, until the run closes (JSON: one event per line)',
    },
  },
  async run(flags) {
    if (flags.follow) return follow(flags);
    const history = await withClient(flags, (client) => handleOf(client, flags).fetchHistory());
    const file = str(flags, 'output-file');
    if (file) {
      fs.writeFileSync(file, JSON.stringify(history, null, 2) + '\n');
      process.stderr.write(`Wrote ${history.events.length} events to ${file}\n`);
      return;
    }
    if (outputFormat(flags) === 'json') return printJson(history);
    printTable(history.events, [
      ['Id', (e) => String(e.eventId)],
      ['Time', (e) => e.eventTime],
      ['Type', (e) => e.type],
      ['Details', (e) => eventDetails(e)],
    ]);
  },
};

export const workflowResult: CommandSpec = {
  words: ['workflow', 'result'],
  summary: 'wait for a workflow to close and print its result (exit code 1 if it did not complete)',
  details: 'While it waits, it says on stderr what holds the workflow up (no worker has its type, its workflow task fails, …).',
  flags: targetFlags,
  async run(flags) {
    return withClient(flags, async (client) => {
      const runId = str(flags, 'run-id');
      const stopReporting = reportWaiting(client, { workflowId: req(flags, 'workflow-id'), ...(runId ? { runId } : {}) }, (text) =>
        process.stderr.write(`Waiting: ${text}\n`),
      );
      try {
        const result = await handleOf(client, flags).result();
        if (outputFormat(flags) === 'json') printJson({ status: 'COMPLETED', result });
        else process.stdout.write(`Result: ${JSON.stringify(result) ?? 'undefined'}\n`);
        return 0;
      } catch (err) {
        // A result in an encoding the SDK does not decode: shown as what it is (JSON: as it came, byte for byte).
        if (err instanceof PayloadEncodingError) {
          if (outputFormat(flags) === 'json') printJson({ status: 'COMPLETED', result: err.payload });
          else process.stdout.write(`Result: ${displayJson(err.payload) ?? 'undefined'}\n`);
          return 0;
        }
        if (!(err instanceof WorkflowFailedError)) throw err;
        if (outputFormat(flags) === 'json') printJson({ status: 'FAILED', failure: failureText(err) });
        process.stderr.write(`Error: ${failureText(err)}\n`);
        return 1;
      } finally {
        stopReporting();
      }
    });
  },
};

/**
 * Frames that are not where the user's code threw: the workflow sandbox's runtime, Node's, and the
 * SDK's (the failure factories such as ApplicationFailure.nonRetryable, and its modules): Rewind's, and
 * Temporal's for a run its worker served (`Function.nonRetryable (…/node_modules/@temporalio/common/…)`).
 */
const RUNTIME_FRAME =
  /\((?:rewind-(?:workflow-runtime|sandbox-globals|host)\.js|node:)|^\s+at ApplicationFailure\.\w+ |[\\/](?:@rewind[\\/]sdk|sdk[\\/](?:dist|src)|node_modules[\\/]@temporalio)[\\/]/;

/** Why a run that did not complete closed: its failure's chain and where it happened, or who ended it and why. */
function closeFields(d: WorkflowDescription): Array<[string, string | undefined]> {
  const why = d.closeReason;
  if (!why) return [];
  const by = why.identity ? ` (by ${why.identity})` : '';
  if (d.status !== 'FAILED') return [['Close Reason', `${why.failure.message}${by}`]];
  // The innermost failure's stack says where in the code it was thrown: its first frame in the user's code.
  let root = why.failure;
  while (root.cause) root = root.cause;
  const at = root.stackTrace?.split('\n').find((l) => /^\s+at /.test(l) && !RUNTIME_FRAME.test(l));
  return [
    ['Failure', failureChainText(why.failure, why.site)],
    ['Thrown At', at?.trim().replace(/^at /, '')],
  ];
}

/** The pending workflow task: its state and attempt, why it waits, and its last failure. */
function workflowTaskText(d: WorkflowDescription): string | undefined {
  const wt = d.pendingWorkflowTask;
  if (!wt) return undefined;
  return [
    `${wt.state} (attempt ${wt.attempt})`,
    wt.waitingReason,
    wt.lastFailure ? `last failure: ${failureChainText(wt.lastFailure)}` : undefined,
  ]
    .filter(Boolean)
    .join(' — ');
}

/** `show --follow`: the events so far, then each new one as the server pushes it, until the run closes. */
async function follow(flags: Flags): Promise<void> {
  const json = outputFormat(flags) === 'json';
  if (!json) process.stdout.write(`${'ID'.padEnd(5)} ${'TIME'.padEnd(24)}  ${'TYPE'.padEnd(40)} DETAILS\n`);
  await withClient(flags, (client) => {
    const runId = str(flags, 'run-id');
    return followHistory(
      client,
      { workflowId: req(flags, 'workflow-id'), ...(runId ? { runId } : {}) },
      {
        event: (e) =>
          process.stdout.write(
            json ? JSON.stringify(e) + '\n' : `${String(e.eventId).padEnd(5)} ${e.eventTime}  ${e.type.padEnd(40)} ${eventDetails(e)}\n`,
          ),
        replaced: (eventId) => {
          const why = `the server restarted before it saved event ${eventId} (a workflow task start): from event ${eventId} again`;
          if (json) process.stderr.write(`${why}\n`);
          else process.stdout.write(`-- ${why} --\n`);
        },
      },
    );
  });
}

/** A query syntax error (`… at position 12 …`) with the query and a caret under that column. */
function pointAtQueryError(err: unknown, query: string | undefined): never {
  const at = err instanceof Error && query ? /at position (\d+)/.exec(err.message) : null;
  if (at && err instanceof Error) err.message += `\n  ${query}\n  ${' '.repeat(Number(at[1]) - 1)}^`;
  throw err;
}

/** The attributes of an event that say most about it, in one line. */
function eventDetails(e: HistoryEvent): string {
  const { eventId: _id, eventTime: _time, type: _type, ...rest } = e;
  return brief(rest, 120);
}

export const workflowStack: CommandSpec = {
  words: ['workflow', 'stack'],
  summary: 'where a workflow waits (each activity, timer, condition or child, at its source line); without --workflow-id, every open one',
  flags: {
    'workflow-id': { type: 'string', short: 'w', description: 'Workflow id (default: every open workflow)' },
    'run-id': { type: 'string', short: 'r', description: 'Run id (default: the latest run)' },
    ...connectionFlags,
    ...outputFlag,
  },
  async run(flags) {
    const rows = await withClient(flags, async (client) => {
      const workflowId = str(flags, 'workflow-id');
      const targets: { workflowId: string; runId?: string }[] = [];
      if (workflowId) targets.push({ workflowId, ...(str(flags, 'run-id') ? { runId: str(flags, 'run-id')! } : {}) });
      else
        for await (const e of client.workflow.list({ query: "ExecutionStatus = 'Running'" }))
          targets.push({ workflowId: e.workflowId, runId: e.runId });
      const out: { workflowId: string; stack: string }[] = [];
      for (const t of targets) {
        const stack = await client.workflow
          .getHandle(t.workflowId, t.runId)
          .query<string>('__stack_trace')
          .catch((err: Error) => `(cannot tell: ${err.message})`);
        out.push({ workflowId: t.workflowId, stack });
      }
      return out;
    });
    if (outputFormat(flags) === 'json') return printJson(rows);
    if (rows.length === 0) process.stdout.write('No open workflows.\n');
    for (const r of rows) process.stdout.write(`${r.workflowId}\n${r.stack.replace(/^/gm, '  ')}\n`);
  },
};
