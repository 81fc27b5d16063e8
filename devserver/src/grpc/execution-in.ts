// A run as a Temporal request names it (its namespace and a WorkflowExecution), as Rewind's requests name it.
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { temporal } from './proto';

export interface ExecutionIn {
  namespace: string;
  workflowId: string;
  /** Unset (or empty, as proto3 sends it): the run that is current. */
  runId?: string;
}

export function executionIn(
  namespace: string | null | undefined,
  execution: temporal.api.common.v1.IWorkflowExecution | null | undefined,
): ExecutionIn {
  return {
    namespace: namespace ?? '',
    workflowId: execution?.workflowId ?? '',
    ...definedFields({ runId: execution?.runId || undefined }),
  };
}
