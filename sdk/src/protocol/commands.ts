// Commands: what a workflow task asks the server to do. The server turns each into history events.
//
// `seq` numbers are per kind (activity, timer) and start at 1 in every run; Temporal's TypeScript SDK
// uses the same numbering, so `activityId` and `timerId` default to the seq as a string.
import type { Failure } from './failure';
import type { Payload } from './payload';
import type { RetryPolicyData } from './retry-policy';
import type { SearchAttributes } from './history';

export type ActivityCancellationType = 'TRY_CANCEL' | 'WAIT_CANCELLATION_COMPLETED' | 'ABANDON';

export type Command =
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
    }
  | { type: 'RequestCancelActivityTask'; seq: number }
  | { type: 'StartTimer'; seq: number; startToFireTimeoutMs: number }
  | { type: 'CancelTimer'; seq: number }
  | { type: 'RecordMarker'; markerName: string; details: Record<string, Payload>; failure?: Failure }
  | { type: 'UpsertWorkflowSearchAttributes'; searchAttributes: SearchAttributes }
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
    };

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** Commands that close the run; at most one per task, and it must be the last. */
export const TERMINAL_COMMAND_TYPES = new Set<CommandType>([
  'CompleteWorkflowExecution',
  'FailWorkflowExecution',
  'CancelWorkflowExecution',
  'ContinueAsNewWorkflowExecution',
]);
