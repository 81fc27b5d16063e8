// workflowInfo(): what a workflow knows about its own execution (Temporal's WorkflowInfo).
import type { TemporalFailure } from '../common/failures';
import { failureToError } from '../common/failure-convert';
import type { Activation, Payload, SearchAttributes, WorkflowStartInfo } from '../protocol';

export interface WorkflowInfo {
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  namespace: string;
  firstExecutionRunId: string;
  continuedFromExecutionRunId?: string;
  /** The cronSchedule the workflow was started with. */
  cronSchedule?: string;
  /** For a run of a cron workflow: the result of the run before it, if it completed. */
  lastResult?: unknown;
  /** For a run of a cron workflow: how the run before it failed, if it did. */
  lastFailure?: TemporalFailure;
  attempt: number;
  startTime: Date;
  runStartTime: Date;
  executionTimeoutMs?: number;
  runTimeoutMs?: number;
  taskTimeoutMs: number;
  /** Events in history when the current workflow task started. */
  historyLength: number;
  /** The server suggests continue-as-new when the history grows long. */
  continueAsNewSuggested: boolean;
  memo?: Record<string, Payload>;
  searchAttributes: SearchAttributes;
  unsafe: { isReplaying: boolean; now(): number };
}

/** Histories longer than this get `continueAsNewSuggested` (Temporal suggests at 4 Ki events by default). */
export const CONTINUE_AS_NEW_SUGGESTED_AT = 4096;

export function makeInfo(start: WorkflowStartInfo, activation: Activation): WorkflowInfo {
  return {
    workflowId: start.workflowId,
    runId: start.runId,
    workflowType: start.workflowType,
    taskQueue: start.taskQueue,
    namespace: start.namespace,
    firstExecutionRunId: start.firstExecutionRunId,
    ...(start.continuedFromExecutionRunId ? { continuedFromExecutionRunId: start.continuedFromExecutionRunId } : {}),
    ...(start.cronSchedule ? { cronSchedule: start.cronSchedule } : {}),
    ...(start.lastCompletionResult !== undefined ? { lastResult: start.lastCompletionResult } : {}),
    ...(start.lastFailure ? { lastFailure: failureToError(start.lastFailure) } : {}),
    attempt: start.attempt,
    startTime: new Date(start.startTime),
    runStartTime: new Date(start.startTime),
    ...(start.workflowExecutionTimeoutMs ? { executionTimeoutMs: start.workflowExecutionTimeoutMs } : {}),
    ...(start.workflowRunTimeoutMs ? { runTimeoutMs: start.workflowRunTimeoutMs } : {}),
    taskTimeoutMs: start.workflowTaskTimeoutMs,
    historyLength: activation.historyLength,
    continueAsNewSuggested: activation.historyLength >= CONTINUE_AS_NEW_SUGGESTED_AT,
    ...(start.memo ? { memo: start.memo } : {}),
    searchAttributes: start.searchAttributes ?? {},
    unsafe: { isReplaying: activation.isReplaying, now: () => Date.now() },
  };
}
