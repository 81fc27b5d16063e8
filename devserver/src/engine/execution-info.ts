// A run as lists show it (Temporal's WorkflowExecutionInfo): what `list`, `describe` and the pushed
// `executions.changed` notifications carry.
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RunState } from './run-state';

const iso = (ms: number): string => new Date(ms).toISOString();

export function executionInfo(s: RunState): WorkflowExecutionInfo {
  return {
    namespace: s.namespace,
    workflowId: s.workflowId,
    runId: s.runId,
    workflowType: s.workflowType,
    taskQueue: s.taskQueue,
    status: s.status,
    startTime: iso(s.startTime),
    ...(s.closeTime !== undefined ? { closeTime: iso(s.closeTime) } : {}),
    historyLength: s.nextEventId - 1,
    ...definedFields({ memo: s.memo, searchAttributes: s.searchAttributes }),
  };
}
