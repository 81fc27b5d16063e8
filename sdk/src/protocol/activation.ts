// Activations: what the worker feeds the workflow sandbox for one workflow task.
//
// Ordering contract (Temporal sdk-core's groups, so replay gives the same result on both). The worker sorts
// jobs so; the runtime then runs them as Temporal's SDK does (one batch, lang flag 2: workflow/flags.ts
// JobBatching), or, replaying a Rewind run recorded before that flag, group by group as below:
//   1. NotifyHasPatch jobs: the patches whose markers this task recorded (when replaying). They only
//      tell the runtime what history holds, so that `patched()` answers right from the first line.
//   2. InitializeWorkflow, if present: starts the workflow function; UpdateRandomSeed (after a reset)
//      reseeds the run's randomness before any code of the task draws from it (sdk-core's order).
//   3. Then SignalWorkflow and DoUpdate jobs, in the order they were received.
//   4. Then every other job (activity resolutions, timer firings, cancellation) in history order.
// Signals come first so that a handler sees a signal before code resumed by an activity or timer that
// completed in the same task can check for it. The sandbox processes jobs in the order given and
// drains the microtask queue after each group, so Promise.all / Promise.race are deterministic.
import type { Failure } from './failure';
import type { Header } from './headers';
import type { Payload } from './payload';
import type { Command } from './commands';
import type { LocalActivityRequest, LocalActivityResolution } from './local-activities';
import type { SearchAttributes } from './search-attributes';
import type { SdkMetadata } from './history';

export type ActivityResolution =
  { status: 'completed'; result?: Payload } | { status: 'failed'; failure: Failure } | { status: 'cancelled'; failure: Failure };

export interface WorkflowStartInfo {
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  firstExecutionRunId: string;
  /** The run id this run was created with (its WorkflowExecutionStarted's): a reset keeps it. */
  originalExecutionRunId: string;
  continuedFromExecutionRunId?: string;
  cronSchedule?: string;
  /** For a cron run: the result of the run before it, or how it failed. */
  lastCompletionResult?: Payload;
  lastFailure?: Failure;
  attempt: number;
  /** Epoch ms. */
  startTime: number;
  workflowExecutionTimeoutMs?: number;
  workflowRunTimeoutMs?: number;
  workflowTaskTimeoutMs: number;
  memo?: Record<string, Payload>;
  searchAttributes?: SearchAttributes;
  /** Set for a child workflow: the run that started it (its WorkflowExecutionStarted event names it). */
  parent?: { namespace: string; workflowId: string; runId: string };
}

export type ActivationJob =
  | {
      type: 'InitializeWorkflow';
      info: WorkflowStartInfo;
      args: Payload[];
      /** The seed of the sandbox's first generator (FNV-1a of the original run id): runs that recorded no TemporalRandomness flag. */
      randomnessSeed: number;
      /**
       * Temporal's seed (the u64 sdk-core derives from the original run id, as 8 bytes, big-endian): with
       * it, the run draws as `@temporalio/workflow` does (alea), when its flags say so (see workflow/flags.ts).
       */
      aleaSeed?: number[];
      /** The start's header: the inbound interceptors' `execute` gets it. */
      headers?: Header;
    }
  /** The run was reset: it draws from a new seed from now on (sdk-core's UpdateRandomSeed, from the new run id). */
  | { type: 'UpdateRandomSeed'; aleaSeed: number[] }
  /** Replaying: this task recorded the marker of this patch, so `patched(patchId)` is true in it. */
  | { type: 'NotifyHasPatch'; patchId: string }
  | { type: 'SignalWorkflow'; signalName: string; args: Payload[]; identity?: string; headers?: Header }
  /** Run an update (its validator first, when `runValidator`: not when replaying an accepted one). */
  | { type: 'DoUpdate'; updateId: string; name: string; args: Payload[]; identity?: string; runValidator: boolean; headers?: Header }
  | { type: 'ResolveActivity'; seq: number; resolution: ActivityResolution }
  /** A local activity ended (run by the worker in this task, or read from its marker when replaying). */
  | { type: 'ResolveLocalActivity'; seq: number; attempt: number; resolution: LocalActivityResolution }
  | { type: 'FireTimer'; seq: number }
  | {
      type: 'ResolveChildWorkflowExecutionStart';
      seq: number;
      resolution: { status: 'started'; runId: string } | { status: 'failed'; failure: Failure };
    }
  /** How a started child ended (its result, or a ChildWorkflowFailure). */
  | { type: 'ResolveChildWorkflowExecution'; seq: number; resolution: ActivityResolution }
  | { type: 'ResolveSignalExternalWorkflow'; seq: number; failure?: Failure }
  | { type: 'ResolveRequestCancelExternalWorkflow'; seq: number; failure?: Failure }
  | { type: 'CancelWorkflow'; reason?: string };

export type ActivationJobType = ActivationJob['type'];

export interface Activation {
  /** Workflow time for this task (epoch ms): what `Date.now()` returns inside the workflow. */
  timestamp: number;
  /** True while re-running events that already happened (logs are muted). */
  isReplaying: boolean;
  /** Number of events in history when this task started (the id of its WorkflowTaskStarted event). */
  historyLength: number;
  /** The history's size in bytes when this task started (its WorkflowTaskStarted's `historySizeBytes`); 0 or absent: unknown. */
  historySizeBytes?: number;
  /** Its WorkflowTaskStarted's `suggestContinueAsNew`; absent: the history does not say (see `workflowInfo()`). */
  continueAsNewSuggested?: boolean;
  jobs: ActivationJob[];
  /**
   * Replaying: what the completion of this task recorded of its SDK (flags, name, version), so that the
   * runtime behaves as the recording SDK did (see workflow/flags.ts). Absent when running live.
   */
  sdkMetadata?: SdkMetadata;
}

/** Where each job kind goes in an activation (lower first); the order within a group is history order. */
export const JOB_ORDER: Record<ActivationJobType, number> = {
  NotifyHasPatch: 0,
  InitializeWorkflow: 1,
  UpdateRandomSeed: 1,
  SignalWorkflow: 2,
  DoUpdate: 2,
  ResolveActivity: 3,
  ResolveLocalActivity: 3,
  FireTimer: 3,
  CancelWorkflow: 3,
  ResolveChildWorkflowExecutionStart: 3,
  ResolveChildWorkflowExecution: 3,
  ResolveSignalExternalWorkflow: 3,
  ResolveRequestCancelExternalWorkflow: 3,
};

/** Sorts jobs by the ordering contract above (stable: history order within a group). */
export function orderJobs(jobs: readonly ActivationJob[]): ActivationJob[] {
  return jobs
    .map((job, index) => ({ job, index }))
    .sort((a, b) => JOB_ORDER[a.job.type] - JOB_ORDER[b.job.type] || a.index - b.index)
    .map(({ job }) => job);
}

/** A log line produced by workflow code during an activation (muted while replaying). */
export interface WorkflowLogEntry {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  message: string;
  attrs?: Record<string, Payload>;
  /** Workflow time (epoch ms). */
  timestamp: number;
  /** Written by `console` in workflow code (this method of it): the worker prints it on its console, as Temporal's. */
  console?: 'log' | 'info' | 'warn' | 'error' | 'debug';
}

/** What the sandbox gives back for one activation. */
export type ActivationResult =
  | {
      status: 'ok';
      commands: Command[];
      logs: WorkflowLogEntry[];
      /** Local activities the workflow waits for (all of them, not only new ones): the worker runs them in this task. */
      localActivities?: LocalActivityRequest[];
      /** What the task's completion records: the SDK's name and version, and the flags it used first in this task. */
      sdkMetadata?: SdkMetadata;
    }
  /** The workflow code threw an error that fails the task, not the workflow (it will be retried). */
  | { status: 'failed'; failure: Failure; logs: WorkflowLogEntry[] };
