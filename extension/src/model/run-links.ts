// How runs are tied together, from their histories and the tree's list: a child step's run, a run's
// parent, the run it came after (reset, continue-as-new, cron, retry) and the one after it, and which
// of the runs of one workflow id is the latest. Plain code, no vscode.
import type { HistoryEvent, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { Step } from '@rewind/sdk/internal/history/history-steps';
import { ORIGIN_WORDS, type RunFacts } from './run-facts';

/** A run to open: its workflow id, and its run id when known (else the latest). */
export interface RunRef {
  workflowId: string;
  runId?: string;
}

/** A related run, in words: "Parent", "Reset from", "Continued as new in"… */
export interface RunLink {
  label: string;
  target: RunRef;
}

/** The run id as people read it: its first 8 characters. */
export function shortRunId(runId: string): string {
  return runId.slice(0, 8);
}

/** The run a child step started (its run id once the child started). */
export function childRunOf(step: Step, events: readonly HistoryEvent[]): RunRef | undefined {
  if (step.kind !== 'child') return undefined;
  const initiated = events[step.firstEventId - 1];
  if (initiated?.type !== 'StartChildWorkflowExecutionInitiated') return undefined;
  for (let i = step.firstEventId; i < events.length && i <= step.lastEventId; i++) {
    const e = events[i]!;
    if (e.type === 'ChildWorkflowExecutionStarted' && e.initiatedEventId === step.firstEventId)
      return { workflowId: e.workflowId, runId: e.runId };
  }
  return { workflowId: initiated.workflowId };
}

/** The run that followed this one (continue-as-new, cron, retry), from its closing event. */
export function nextRunOf(events: readonly HistoryEvent[]): string | undefined {
  const last = events[events.length - 1];
  if (!last) return undefined;
  switch (last.type) {
    case 'WorkflowExecutionContinuedAsNew':
      return last.newExecutionRunId;
    case 'WorkflowExecutionCompleted':
    case 'WorkflowExecutionFailed':
    case 'WorkflowExecutionTimedOut':
      return last.newExecutionRunId;
    default:
      return undefined;
  }
}

/** The runs a run is tied to: its parent, the run it came after, the one after it. */
export function runLinks(workflowId: string, facts: RunFacts, events: readonly HistoryEvent[]): RunLink[] {
  const links: RunLink[] = [];
  if (facts.parent) links.push({ label: `Parent ${facts.parent.workflowId}`, target: facts.parent });
  if (facts.previousRunId) {
    const how =
      facts.origin === 'start' ? 'After' : `${ORIGIN_WORDS[facts.origin][0]!.toUpperCase()}${ORIGIN_WORDS[facts.origin].slice(1)} from`;
    links.push({ label: `${how} run ${shortRunId(facts.previousRunId)}`, target: { workflowId, runId: facts.previousRunId } });
  }
  const next = nextRunOf(events);
  if (next) links.push({ label: `Next run ${shortRunId(next)}`, target: { workflowId, runId: next } });
  return links;
}

/** Where a run stands among the runs of its workflow id that the tree lists (newest first). */
export interface RunMark {
  /** How many runs of this workflow id are listed. */
  runs: number;
  latest: boolean;
}

/** The mark of a run among `sameId` (the listed runs of its workflow id); undefined when it is the only one. */
export function runMark(run: WorkflowExecutionInfo, sameId: readonly WorkflowExecutionInfo[]): RunMark | undefined {
  if (sameId.length < 2) return undefined;
  // The open run is the current one; else the newest.
  const rank = (e: WorkflowExecutionInfo): string => `${e.status === 'RUNNING' ? 1 : 0}${e.startTime}`;
  const latest = sameId.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  return { runs: sameId.length, latest: latest.runId === run.runId };
}
