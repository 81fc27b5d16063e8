// Validation of the commands a worker sends: a bad command fails the task with a message, never the server.
import type { Command } from './commands';
import { array, bool, int, literal, name, object, optional, payload, record, Schema, tagged } from './schema';
import { failureSchema } from './failure-schema';
import { headerSchema, userMetadataSchema } from './headers';
import {
  cronScheduleSchema,
  durationMs,
  MAX_MEMO_KEYS,
  memoSchema,
  newWorkflowFields,
  retryPolicySchema,
  searchAttributesRecord,
  searchAttributesSchema,
  searchAttributeTypesSchema,
} from './new-workflow-fields';

export { retryPolicySchema };

/** A command's own fields, and what every command may carry (its user metadata). */
const command = <S extends Record<string, Schema<unknown>>>(fields: S) => object({ ...fields, userMetadata: userMetadataSchema() });

export const commandSchema: Schema<Command> = tagged('type', {
  ScheduleActivityTask: command({
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
    header: headerSchema(),
  }),
  RequestCancelActivityTask: command({ seq: int({ min: 1 }) }),
  StartTimer: command({ seq: int({ min: 1 }), startToFireTimeoutMs: int({ min: 0 }) }),
  CancelTimer: command({ seq: int({ min: 1 }) }),
  RecordMarker: command({
    markerName: name(),
    details: record(payload()),
    failure: optional(failureSchema),
    temporalDetails: optional(record(array(payload()))),
    header: headerSchema(),
  }),
  UpsertWorkflowSearchAttributes: command({
    searchAttributes: searchAttributesRecord(),
    searchAttributeTypes: searchAttributeTypesSchema(),
  }),
  ModifyWorkflowProperties: command({ upsertedMemo: record(payload(), { maxKeys: MAX_MEMO_KEYS }) }),
  StartChildWorkflowExecution: command({
    seq: int({ min: 1 }),
    ...newWorkflowFields(),
    cronSchedule: cronScheduleSchema(),
    parentClosePolicy: literal('TERMINATE', 'ABANDON', 'REQUEST_CANCEL'),
    workflowIdReusePolicy: optional(literal('ALLOW_DUPLICATE', 'ALLOW_DUPLICATE_FAILED_ONLY', 'REJECT_DUPLICATE', 'TERMINATE_IF_RUNNING')),
    header: headerSchema(),
  }),
  SignalExternalWorkflowExecution: command({
    seq: int({ min: 1 }),
    workflowId: name(),
    runId: optional(name()),
    signalName: name(),
    args: array(payload()),
    childWorkflowOnly: bool(),
    header: headerSchema(),
  }),
  RequestCancelExternalWorkflowExecution: command({
    seq: int({ min: 1 }),
    workflowId: name(),
    runId: optional(name()),
    childWorkflowOnly: bool(),
  }),
  AcceptWorkflowUpdate: command({ updateId: name() }),
  RejectWorkflowUpdate: command({ updateId: name(), failure: failureSchema }),
  CompleteWorkflowUpdate: command({ updateId: name(), result: payload(), failure: optional(failureSchema) }),
  CompleteWorkflowExecution: command({ result: payload() }),
  FailWorkflowExecution: command({ failure: failureSchema }),
  CancelWorkflowExecution: command({ details: optional(array(payload())) }),
  ContinueAsNewWorkflowExecution: command({
    workflowType: name(),
    taskQueue: name(),
    args: array(payload()),
    workflowRunTimeoutMs: durationMs(),
    workflowTaskTimeoutMs: durationMs(),
    memo: memoSchema(),
    searchAttributes: searchAttributesSchema(),
    searchAttributeTypes: searchAttributeTypesSchema(),
    header: headerSchema(),
  }),
});

export const activityCancellationTypeSchema = literal('TRY_CANCEL', 'WAIT_CANCELLATION_COMPLETED', 'ABANDON');
