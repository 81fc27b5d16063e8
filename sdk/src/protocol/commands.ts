// Commands: what a workflow task asks the server to do. The server turns each into history events.
//
// `seq` numbers are per kind (activity, timer) and start at 1 in every run; Temporal's TypeScript SDK
// uses the same numbering, so `activityId` and `timerId` default to the seq as a string.
import type { Failure } from './failure';
import type { Header, UserMetadata } from './headers';
import type { Memo } from './memo';
import type { Payload } from './payload';
import type { RetryPolicyData } from './retry-policy';
import type { SearchAttributeTypes } from './search-attribute-types';
import type { SearchAttributes } from './search-attributes';

export type ActivityCancellationType = 'TRY_CANCEL' | 'WAIT_CANCELLATION_COMPLETED' | 'ABANDON';

/** What happens to a child when its parent closes (Temporal's ParentClosePolicy). */
export type ParentClosePolicy = 'TERMINATE' | 'ABANDON' | 'REQUEST_CANCEL';

/** What any command may carry beside its type's fields (as Temporal's Command has it beside the attributes). */
export interface CommandMetadata {
  /**
   * A summary and details for user interfaces, recorded on the event the command appends (a timer's,
   * an activity's, a child's, a local activity marker's).
   */
  userMetadata?: UserMetadata;
}

export type Command = CommandMetadata &
  (
    | {
        type: 'ScheduleActivityTask';
        seq: number;
        activityId: string;
        activityType: string;
        taskQueue: string;
        args: Payload[];
        scheduleToCloseTimeoutMs?: number;
        scheduleToStartTimeoutMs?: number;
        startToCloseTimeoutMs?: number;
        heartbeatTimeoutMs?: number;
        retryPolicy?: Partial<RetryPolicyData>;
        header?: Header;
      }
    | { type: 'RequestCancelActivityTask'; seq: number }
    | { type: 'StartTimer'; seq: number; startToFireTimeoutMs: number }
    | { type: 'CancelTimer'; seq: number }
    | {
        type: 'RecordMarker';
        markerName: string;
        details: Record<string, Payload>;
        failure?: Failure;
        /** A Temporal worker's marker as it wrote it (each detail a list of payloads), given back to it unchanged. */
        temporalDetails?: Record<string, Payload[]>;
        header?: Header;
      }
    | {
        type: 'UpsertWorkflowSearchAttributes';
        searchAttributes: SearchAttributes;
        /** The types of typed values (registered for attributes with none yet). */
        searchAttributeTypes?: SearchAttributeTypes;
      }
    /** Temporal's ModifyWorkflowProperties (`upsertMemo`): merged into the run's memo, a `null` value removes its key. */
    | { type: 'ModifyWorkflowProperties'; upsertedMemo: Memo }
    | {
        type: 'StartChildWorkflowExecution';
        seq: number;
        workflowId: string;
        workflowType: string;
        taskQueue: string;
        args: Payload[];
        workflowExecutionTimeoutMs?: number;
        workflowRunTimeoutMs?: number;
        workflowTaskTimeoutMs?: number;
        parentClosePolicy: ParentClosePolicy;
        cronSchedule?: string;
        workflowIdReusePolicy?: 'ALLOW_DUPLICATE' | 'ALLOW_DUPLICATE_FAILED_ONLY' | 'REJECT_DUPLICATE' | 'TERMINATE_IF_RUNNING';
        memo?: Record<string, Payload>;
        searchAttributes?: SearchAttributes;
        searchAttributeTypes?: SearchAttributeTypes;
        /** The child's start header. (Its `userMetadata` is recorded on its WorkflowExecutionStarted too.) */
        header?: Header;
      }
    | {
        type: 'SignalExternalWorkflowExecution';
        seq: number;
        workflowId: string;
        runId?: string;
        signalName: string;
        args: Payload[];
        /** Only a child of this workflow may be the target. */
        childWorkflowOnly: boolean;
        header?: Header;
      }
    | { type: 'RequestCancelExternalWorkflowExecution'; seq: number; workflowId: string; runId?: string; childWorkflowOnly: boolean }
    /** The update passed its validator: it is recorded in history and its handler runs. */
    | { type: 'AcceptWorkflowUpdate'; updateId: string }
    /** The validator refused the update: nothing is recorded; the client gets the failure. */
    | { type: 'RejectWorkflowUpdate'; updateId: string; failure: Failure }
    | { type: 'CompleteWorkflowUpdate'; updateId: string; result?: Payload; failure?: Failure }
    | { type: 'CompleteWorkflowExecution'; result?: Payload }
    | { type: 'FailWorkflowExecution'; failure: Failure }
    | { type: 'CancelWorkflowExecution'; details?: Payload[] }
    | {
        type: 'ContinueAsNewWorkflowExecution';
        workflowType: string;
        taskQueue: string;
        args: Payload[];
        workflowRunTimeoutMs?: number;
        workflowTaskTimeoutMs?: number;
        memo?: Record<string, Payload>;
        searchAttributes?: SearchAttributes;
        searchAttributeTypes?: SearchAttributeTypes;
        /** The next run's start header. */
        header?: Header;
      }
  );

/** The marker that `patched()` and `deprecatePatch()` record (the name Temporal's core uses). */
export const PATCH_MARKER = 'core_patch';

export interface PatchMarkerDetails {
  patchId: string;
  deprecated: boolean;
}

/** The patch a marker records, if it is a patch marker. */
export function patchOfMarker(markerName: string, details: Record<string, unknown>): PatchMarkerDetails | undefined {
  if (markerName !== PATCH_MARKER || typeof details.patchId !== 'string') return undefined;
  return { patchId: details.patchId, deprecated: details.deprecated === true };
}

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** Commands that close the run; at most one per task, and it must be the last. */
export const TERMINAL_COMMAND_TYPES = new Set<CommandType>([
  'CompleteWorkflowExecution',
  'FailWorkflowExecution',
  'CancelWorkflowExecution',
  'ContinueAsNewWorkflowExecution',
]);
