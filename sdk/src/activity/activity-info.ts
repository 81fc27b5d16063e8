// What an activity attempt knows about itself (Temporal's activity `Info`), and how a worker's task token
// becomes its bytes. Types and pure helpers only: the Context (context.ts) carries one.

/**
 * What an activity knows about the attempt it runs in, as Temporal's `Info`. Read it inside the activity
 * with `activityInfo()` or `Context.current().info`.
 */
export interface ActivityInfo {
  /**
   * Names this attempt to the server, as bytes (Temporal's type): the UTF-8 bytes of the token the
   * server gave the worker, the same bytes Rewind's server gives Temporal's SDK over gRPC. Rewind has no
   * asynchronous completion, so an activity has no use for it beyond logs; empty for a local activity.
   */
  readonly taskToken: Uint8Array;
  /** {@link taskToken} in base64 (what Temporal's activity logger shows as `taskToken`). */
  readonly base64TaskToken: string;
  /** The activity's id in its workflow: the `seq` of its command unless the workflow gave one (`activityId`). */
  readonly activityId: string;
  /** The name of the activity function, as the workflow called it through `proxyActivities`. */
  readonly activityType: string;
  /** The namespace the activity runs in (the worker's, which is its workflow's in Rewind). */
  readonly namespace: string;
  /**
   * The namespace the activity runs in.
   *
   * @deprecated as in Temporal: use {@link namespace}.
   */
  readonly activityNamespace: string;
  /**
   * Whether a workflow started the activity: always true in Rewind (it has no standalone activities), so
   * {@link workflowExecution}, {@link workflowNamespace} and {@link workflowType} are always set.
   */
  readonly inWorkflow: boolean;
  /**
   * The namespace of the workflow that scheduled the activity (set whenever {@link inWorkflow}).
   *
   * @deprecated as in Temporal: use {@link namespace}.
   */
  readonly workflowNamespace?: string;
  /** The type (function name) of the workflow that scheduled the activity (set whenever {@link inWorkflow}). */
  readonly workflowType?: string;
  /** The run that scheduled the activity (set whenever {@link inWorkflow}). */
  readonly workflowExecution?: { readonly workflowId: string; readonly runId: string };
  /** The task queue the activity was scheduled on (a local activity: the workflow's). */
  readonly taskQueue: string;
  /** The attempt: 1 for the first, one more for each retry (the activity's `retry` policy says how many). */
  readonly attempt: number;
  /**
   * The details of the last heartbeat of the previous attempts (`heartbeat()`), or undefined: a retried
   * attempt resumes from this checkpoint instead of starting over. Always undefined for a local activity.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Temporal's type: the details are whatever the activity sent.
  readonly heartbeatDetails: any;
  /**
   * The heartbeat timeout, if the workflow set one: the attempt fails with a `HEARTBEAT` timeout (and
   * may be retried) when no heartbeat arrives within it.
   *
   * @format number of milliseconds
   */
  readonly heartbeatTimeoutMs?: number;
  /**
   * The longest one attempt may run. Always a number, as in Temporal: when the workflow set only
   * `scheduleToCloseTimeout`, it is that (as Temporal's server fills it in); 0 when neither is known.
   *
   * @format number of milliseconds
   */
  readonly startToCloseTimeoutMs: number;
  /**
   * The longest the activity may take from its first scheduling to its end, retries included: 0 when the
   * workflow set none (no limit), as Temporal's server gives it.
   *
   * @format number of milliseconds
   */
  readonly scheduleToCloseTimeoutMs: number;
  /**
   * When the activity was first scheduled (the first attempt's time, for every retry).
   *
   * @format milliseconds since the epoch
   */
  readonly scheduledTimestampMs: number;
  /**
   * When this attempt was scheduled (after the retry backoff, for a retry).
   *
   * @format milliseconds since the epoch
   */
  readonly currentAttemptScheduledTimestampMs: number;
  /**
   * When this attempt started (Rewind's, not in Temporal's `Info`: always set by Rewind's worker).
   *
   * @format milliseconds since the epoch
   */
  readonly startedTimestampMs?: number;
  /** Whether this is a local activity (`proxyLocalActivities`): run by the workflow's worker inside its workflow task. */
  readonly isLocal: boolean;
}

/** The {@link ActivityInfo.taskToken} and {@link ActivityInfo.base64TaskToken} of a worker's task token (a string on Rewind's wire). */
export function taskTokenInfo(token: string): Pick<ActivityInfo, 'taskToken' | 'base64TaskToken'> {
  const bytes = Buffer.from(token, 'utf8');
  return { taskToken: bytes, base64TaskToken: bytes.toString('base64') };
}
