// What a run is at a glance, for the history view's header and the tree's hover: status, failure,
// result, task queue, start, close, duration, how it began and its parent, read from its history or
// from the server's description. Plain code (no vscode): the webview bundles it, mocha tests it.
import type { ExecutionStatus, Failure, HistoryEvent, Payload, WorkflowDescription, WorkflowOutcome } from '@rewind/sdk/protocol';
import { formatDuration } from '@rewind/sdk/common';
import { runStatusAfter } from '@rewind/sdk/internal/history/run-status';
import { briefFailure, briefValue } from './payload-text';

/** How a run began: a new start, or after another run of its workflow id. */
export type RunOrigin = 'start' | 'reset' | 'continueAsNew' | 'cron' | 'retry';

export const ORIGIN_WORDS: Readonly<Record<RunOrigin, string>> = {
  start: 'started',
  reset: 'reset',
  continueAsNew: 'continued as new',
  cron: 'cron',
  retry: 'retry',
};

export interface RunFacts {
  workflowId?: string;
  runId?: string;
  workflowType: string;
  taskQueue: string;
  status: ExecutionStatus;
  startTime: string;
  closeTime?: string;
  result?: Payload;
  /** Why it did not complete: the workflow's failure, a timeout, a termination's reason. */
  failure?: Failure;
  origin: RunOrigin;
  /** The run it came after (reset from, continued from, the cron or retry run before). */
  previousRunId?: string;
  parent?: { workflowId: string; runId: string };
}

/** One line of facts: "Task queue: orders". `failed` lines are shown in red. */
export interface FactLine {
  label: string;
  value: string;
  failed?: boolean;
}

/** The facts a history tells (undefined until its first event has come). */
export function runFactsFromEvents(events: readonly HistoryEvent[]): RunFacts | undefined {
  const first = events[0];
  if (first?.type !== 'WorkflowExecutionStarted') return undefined;
  const facts: RunFacts = {
    workflowType: first.workflowType,
    taskQueue: first.taskQueue,
    status: 'RUNNING',
    startTime: first.eventTime,
    origin: originOf(first.initiator),
  };
  if (first.continuedExecutionRunId) facts.previousRunId = first.continuedExecutionRunId;
  if (first.parent) facts.parent = { workflowId: first.parent.workflowId, runId: first.parent.runId };
  for (const e of events) {
    if (e.type === 'WorkflowTaskFailed' && e.cause === 'RESET_WORKFLOW' && e.baseRunId) {
      facts.origin = 'reset';
      facts.previousRunId = e.baseRunId;
    }
    const status = runStatusAfter(e.type);
    if (!status || status === 'RUNNING') continue;
    facts.status = status;
    facts.closeTime = e.eventTime;
    if (e.type === 'WorkflowExecutionCompleted' && e.result !== undefined) facts.result = e.result;
    if (e.type === 'WorkflowExecutionFailed') facts.failure = e.failure;
    if (e.type === 'WorkflowExecutionTimedOut')
      facts.failure = closeFailure(`timed out (${e.retryState})`, { type: 'server', nonRetryable: true });
    if (e.type === 'WorkflowExecutionTerminated') facts.failure = closeFailure(e.reason || 'terminated', { type: 'terminated' });
    if (e.type === 'WorkflowExecutionCanceled') facts.failure = closeFailure('cancelled', { type: 'cancelled' });
  }
  return facts;
}

/** The facts of the server's description (and, for a closed run, its outcome: the result). */
export function runFactsFromDescription(d: WorkflowDescription, outcome?: WorkflowOutcome): RunFacts {
  const facts: RunFacts = {
    workflowId: d.workflowId,
    runId: d.runId,
    workflowType: d.workflowType,
    taskQueue: d.taskQueue,
    status: d.status,
    startTime: d.startTime,
    origin: 'start',
  };
  if (d.closeTime) facts.closeTime = d.closeTime;
  if (d.parent) facts.parent = d.parent;
  if (d.closeReason) facts.failure = d.closeReason.failure;
  if (outcome?.status === 'COMPLETED' && outcome.result !== undefined) facts.result = outcome.result;
  if (outcome?.status === 'FAILED') facts.failure = outcome.failure;
  return facts;
}

/** A failure on one line; an activity's or a child's failure names what it wraps ("ActivityFailure (charge) ← Declined: card declined"). */
export function failureHeadline(failure: Failure, max = 120): string {
  let root = failure;
  while (root.cause && (root.info.type === 'activity' || root.info.type === 'childWorkflow')) root = root.cause;
  if (root === failure) return briefFailure(failure, max);
  const head = briefFailure(failure, max).replace(/:.*$/, '');
  return `${head} ← ${briefFailure(root, Math.max(20, max - head.length - 3))}`;
}

/** How long it ran (closed) or has been open (now). */
export function runDuration(facts: Pick<RunFacts, 'startTime' | 'closeTime'>, now: number): string {
  const end = facts.closeTime ? Date.parse(facts.closeTime) : now;
  const ms = end - Date.parse(facts.startTime);
  return Number.isFinite(ms) ? formatDuration(Math.max(0, ms)) : '';
}

/** A time as "2026-12-07 12:54:46 UTC" (the same on every machine). */
export function clockTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** The lines the history header and the tree's hover show, in this order. */
export function runFactLines(facts: RunFacts, now: number): FactLine[] {
  const lines: FactLine[] = [];
  if (facts.failure)
    lines.push({ label: facts.status === 'FAILED' ? 'Failure' : 'Why', value: failureHeadline(facts.failure), failed: true });
  if (facts.result !== undefined) lines.push({ label: 'Result', value: briefValue(facts.result, 120) });
  lines.push({ label: 'Task queue', value: facts.taskQueue });
  lines.push({ label: 'Started', value: clockTime(facts.startTime) });
  if (facts.closeTime) lines.push({ label: 'Closed', value: clockTime(facts.closeTime) });
  lines.push({ label: facts.closeTime ? 'Took' : 'Open for', value: runDuration(facts, now) });
  if (facts.origin !== 'start' || facts.previousRunId)
    lines.push({ label: 'Began', value: `${ORIGIN_WORDS[facts.origin]}${facts.previousRunId ? ` from run ${facts.previousRunId}` : ''}` });
  if (facts.parent) lines.push({ label: 'Parent', value: `${facts.parent.workflowId} (run ${facts.parent.runId})` });
  return lines;
}

function originOf(initiator: 'CONTINUE_AS_NEW' | 'CRON_SCHEDULE' | 'RETRY' | undefined): RunOrigin {
  switch (initiator) {
    case 'CONTINUE_AS_NEW':
      return 'continueAsNew';
    case 'CRON_SCHEDULE':
      return 'cron';
    case 'RETRY':
      return 'retry';
    case undefined:
      return 'start';
  }
}

/** Why a run closed without a failure of its own (the server's words). */
function closeFailure(message: string, info: Failure['info']): Failure {
  return { message, info };
}
