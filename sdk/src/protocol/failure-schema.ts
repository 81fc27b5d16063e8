// Validation of failures sent by workers and clients (a failure nests through `cause`, bounded).
import { RETRY_STATES, type Failure, type FailureInfo } from './failure';
import { MAX_ERROR_TYPE, MAX_FAILURE_TEXT } from './limits';
import { array, bool, int, literal, name, object, optional, payload, Schema, SchemaError, str, tagged, type SchemaForm } from './schema';

const retryState = literal(...RETRY_STATES);

const infoSchema: Schema<FailureInfo> = tagged('type', {
  application: object({
    errorType: str({ max: MAX_ERROR_TYPE }),
    nonRetryable: bool(),
    details: optional(array(payload())),
    nextRetryDelayMs: optional(int({ min: 0 })),
    category: optional(literal('BENIGN')),
    noInfo: optional(literal(true)),
  }),
  activity: object({
    activityType: name(),
    activityId: name(),
    retryState,
    scheduledEventId: int({ min: 0 }),
    startedEventId: int({ min: 0 }),
    identity: optional(str({ max: 1000 })),
  }),
  childWorkflow: object({
    namespace: name(),
    workflowId: name(),
    runId: str({ max: 200 }),
    workflowType: name(),
    retryState,
    initiatedEventId: int({ min: 0 }),
    startedEventId: int({ min: 0 }),
  }),
  cancelled: object({ details: optional(array(payload())) }),
  terminated: object({}),
  timeout: object({
    timeoutType: literal('START_TO_CLOSE', 'SCHEDULE_TO_START', 'SCHEDULE_TO_CLOSE', 'HEARTBEAT'),
    lastHeartbeatDetails: optional(array(payload())),
  }),
  server: object({ nonRetryable: bool() }),
});

const MAX_CAUSE_DEPTH = 20;

const baseFields = {
  message: str({ max: MAX_FAILURE_TEXT }),
  stackTrace: optional(str({ max: MAX_FAILURE_TEXT })),
  source: optional(str({ max: 100 })),
  info: infoSchema,
  encodedAttributes: payload(),
};
const baseSchema = object(baseFields);

function parseFailure(value: unknown, path: string, depth: number): Failure {
  if (depth > MAX_CAUSE_DEPTH) throw new SchemaError(path, `a cause chain at most ${MAX_CAUSE_DEPTH} deep`, 'a deeper chain');
  const base = baseSchema.parse(value, path);
  const cause = (value as { cause?: unknown }).cause;
  return cause === undefined ? base : { ...base, cause: parseFailure(cause, `${path}.cause`, depth + 1) };
}

export const failureSchema: Schema<Failure> = {
  description: 'a failure: { message, info: { type, … }, cause? }',
  get form(): SchemaForm {
    return { kind: 'object', fields: { ...baseFields, cause: optional(failureSchema) } };
  },
  parse: (value, path) => parseFailure(value, path, 0),
};
