// What starting a run takes: the start request, a continue-as-new or cron follower, or a child's start.
import type { Failure, Header, Payload, RetryPolicyData, SearchAttributes, SearchAttributeTypes, UserMetadata } from '@rewind/sdk/protocol';
import type { ParentRef } from './run-state';

export interface StartRunParams {
  namespace: string;
  workflowId: string;
  runId: string;
  firstExecutionRunId?: string;
  workflowType: string;
  taskQueue: string;
  args: Payload[];
  requestId: string;
  identity?: string;
  workflowExecutionTimeoutMs?: number;
  workflowRunTimeoutMs?: number;
  workflowTaskTimeoutMs?: number;
  memo?: Record<string, Payload>;
  searchAttributes?: SearchAttributes;
  /** The types its typed search attributes came with (registered for those with none yet; not kept on the run). */
  searchAttributeTypes?: SearchAttributeTypes;
  continuedExecutionRunId?: string;
  initiator?: 'CONTINUE_AS_NEW' | 'CRON_SCHEDULE' | 'RETRY';
  cronSchedule?: string;
  /** Wait this long before the first workflow task (Temporal's startDelay); a cron run waits for its time. */
  startDelayMs?: number;
  /** The workflow's retry policy (with Temporal's defaults filled in), and which attempt this run is (1 if none). */
  retryPolicy?: RetryPolicyData;
  attempt?: number;
  lastCompletionResult?: Payload;
  continuedFailure?: Failure;
  /** For a continued run: the deadline of the whole chain, kept from the first run. */
  executionExpiresAt?: number;
  /** For a child workflow. */
  parent?: ParentRef;
  /** Kept on WorkflowExecutionStarted (a cron run's followers get it too). */
  header?: Header;
  userMetadata?: UserMetadata;
}
