// The fields that describe a new workflow run, shared by start, signalWithStart, child workflows and
// schedule actions, so that one limit or one new option is added in one place.
import { array, int, json, literal, name, num, object, optional, payload, record, str } from './schema';
import { SEARCH_ATTRIBUTE_TYPE_NAMES } from './search-attribute-types';

export const durationMs = () => optional(int({ min: 0, max: 100 * 365 * 24 * 3600 * 1000 }));
/** The most keys a memo (or one upsert of it) holds. */
export const MAX_MEMO_KEYS = 100;
export const memoSchema = () => optional(record(payload(), { maxKeys: MAX_MEMO_KEYS }));
export const searchAttributesRecord = () => record(array(json(), { max: 100 }), { maxKeys: 100 });
export const searchAttributesSchema = () => optional(searchAttributesRecord());
/**
 * The types of typed search attributes, by name: the server registers each for its namespace if the
 * attribute has no type yet (the values travel untyped in `searchAttributes`).
 */
export const searchAttributeTypesSchema = () => optional(record(literal(...SEARCH_ATTRIBUTE_TYPE_NAMES), { maxKeys: 100 }));

/** How a failed activity, or a failed or timed-out workflow run, is retried (Temporal's defaults fill what is left out). */
export const retryPolicySchema = object({
  initialIntervalMs: optional(int({ min: 1 })),
  backoffCoefficient: optional(num({ min: 1, max: 1000 })),
  maximumIntervalMs: optional(int({ min: 1 })),
  maximumAttempts: optional(int({ min: 0 })),
  nonRetryableErrorTypes: optional(array(str({ max: 1000 }), { max: 1000 })),
});

/** Temporal's older cronSchedule option: the workflow runs at each time the expression matches (UTC). */
export const cronScheduleSchema = () => optional(str({ min: 1, max: 500 }));

export function newWorkflowFields() {
  return {
    workflowId: name(),
    workflowType: name(),
    taskQueue: name(),
    args: array(payload()),
    workflowExecutionTimeoutMs: durationMs(),
    workflowRunTimeoutMs: durationMs(),
    workflowTaskTimeoutMs: durationMs(),
    memo: memoSchema(),
    searchAttributes: searchAttributesSchema(),
    searchAttributeTypes: searchAttributeTypesSchema(),
  };
}
