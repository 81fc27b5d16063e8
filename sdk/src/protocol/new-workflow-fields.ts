// The fields that describe a new workflow run, shared by start, signalWithStart, child workflows and
// schedule actions, so that one limit or one new option is added in one place.
import { array, int, json, name, optional, payload, record, str } from './schema';

export const durationMs = () => optional(int({ min: 0, max: 100 * 365 * 24 * 3600 * 1000 }));
export const memoSchema = () => optional(record(payload(), { maxKeys: 100 }));
export const searchAttributesRecord = () => record(array(json(), { max: 100 }), { maxKeys: 100 });
export const searchAttributesSchema = () => optional(searchAttributesRecord());

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
  };
}
