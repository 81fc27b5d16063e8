// Validation of the commands a worker sends: a bad command fails the task with a message, never the server.
import type { Command } from './commands';
import { array, bool, int, literal, name, num, object, optional, payload, record, Schema, str, tagged } from './schema';
import { failureSchema } from './failure-schema';
import {
  cronScheduleSchema,
  durationMs,
  memoSchema,
  newWorkflowFields,
  searchAttributesRecord,
  searchAttributesSchema,
} from './new-workflow-fields';

export const retryPolicySchema = object({
  initialIntervalMs: optional(int({ min: 1 })),
  backoffCoefficient: optional(num({ min: 1, max: 1000 })),
  maximumIntervalMs: optional(int({ min: 1 })),
  maximumAttempts: optional(int({ min: 0 })),
  nonRetryableErrorTypes: optional(array(str({ max: 1000 }), { max: 1000 })),
});

export const commandSchema: Schema<Command> = tagged('type', {
  ScheduleActivityTask: object({
    seq: int({ min: 1 }),
    activityId: name(),
    activityType: name(),
    taskQueue: name(),
    args: array(payload()),
    scheduleToCloseTimeoutMs: durationMs(),
    scheduleToStartTimeoutMs: durationMs(),
    startToCloseTimeoutMs: durationMs(),
    heartbeatTimeoutMs: durationMs(),
    retryPolicy: optional(retryPolicySchema),
  }),
  RequestCancelActivityTask: object({ seq: int({ min: 1 }) }),
  StartTimer: object({ seq: int({ min: 1 }), startToFireTimeoutMs: int({ min: 0 }) }),
  CancelTimer: object({ seq: int({ min: 1 }) }),
  RecordMarker: object({
    markerName: name(),
    details: record(payload()),
    failure: optional(failureSchema),
    temporalDetails: optional(record(array(payload()))),
  }),
  UpsertWorkflowSearchAttributes: object({ searchAttributes: searchAttributesRecord() }),
  StartChildWorkflowExecution: object({
    seq: int({ min: 1 }),
    ...newWorkflowFields(),
    cronSchedule: cronScheduleSchema(),
    parentClosePolicy: literal('TERMINATE', 'ABANDON', 'REQUEST_CANCEL'),
    workflowIdReusePolicy: optional(literal('ALLOW_DUPLICATE', 'ALLOW_DUPLICATE_FAILED_ONLY', 'REJECT_DUPLICATE', 'TERMINATE_IF_RUNNING')),
  }),
  SignalExternalWorkflowExecution: object({
    seq: int({ min: 1 }),
    workflowId: name(),
    runId: optional(name()),
    signalName: name(),
    args: array(payload()),
    childWorkflowOnly: bool(),
  }),
  RequestCancelExternalWorkflowExecution: object({
    seq: int({ min: 1 }),
    workflowId: name(),
    runId: optional(name()),
    childWorkflowOnly: bool(),
  }),
  AcceptWorkflowUpdate: object({ updateId: name() }),
  RejectWorkflowUpdate: object({ updateId: name(), failure: failureSchema }),
  CompleteWorkflowUpdate: object({ updateId: name(), result: payload(), failure: optional(failureSchema) }),
  CompleteWorkflowExecution: object({ result: payload() }),
  FailWorkflowExecution: object({ failure: failureSchema }),
  CancelWorkflowExecution: object({ details: optional(array(payload())) }),
  ContinueAsNewWorkflowExecution: object({
    workflowType: name(),
    taskQueue: name(),
    args: array(payload()),
    workflowRunTimeoutMs: durationMs(),
    workflowTaskTimeoutMs: durationMs(),
    memo: memoSchema(),
    searchAttributes: searchAttributesSchema(),
  }),
});

export const activityCancellationTypeSchema = literal('TRY_CANCEL', 'WAIT_CANCELLATION_COMPLETED', 'ABANDON');
