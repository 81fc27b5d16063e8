// Temporal's WorkflowIdReusePolicy and WorkflowIdConflictPolicy as values (string constants, as in
// Temporal 1.24), for the `workflowIdReusePolicy` / `workflowIdConflictPolicy` options of a start.

/**
 * Whether a start may reuse the id of a closed run (Temporal's `WorkflowIdReusePolicy`): `ALLOW_DUPLICATE`
 * (the default), `ALLOW_DUPLICATE_FAILED_ONLY`, `REJECT_DUPLICATE`, or `TERMINATE_IF_RUNNING`. The
 * `WORKFLOW_ID_REUSE_POLICY_*` keys are Temporal's older spellings of the same values.
 */
export const WorkflowIdReusePolicy = {
  ALLOW_DUPLICATE: 'ALLOW_DUPLICATE',
  ALLOW_DUPLICATE_FAILED_ONLY: 'ALLOW_DUPLICATE_FAILED_ONLY',
  REJECT_DUPLICATE: 'REJECT_DUPLICATE',
  TERMINATE_IF_RUNNING: 'TERMINATE_IF_RUNNING',
  WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED: undefined,
  WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE: 'ALLOW_DUPLICATE',
  WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY: 'ALLOW_DUPLICATE_FAILED_ONLY',
  WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE: 'REJECT_DUPLICATE',
  WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING: 'TERMINATE_IF_RUNNING',
} as const;
/** One of the values of {@link WorkflowIdReusePolicy}. */
export type WorkflowIdReusePolicy = (typeof WorkflowIdReusePolicy)[keyof typeof WorkflowIdReusePolicy];

/**
 * What a start does when a run with the same id is running (Temporal's `WorkflowIdConflictPolicy`):
 * `FAIL` (the default), `USE_EXISTING` (return the running one), or `TERMINATE_EXISTING`.
 */
export const WorkflowIdConflictPolicy = {
  FAIL: 'FAIL',
  USE_EXISTING: 'USE_EXISTING',
  TERMINATE_EXISTING: 'TERMINATE_EXISTING',
} as const;
/** One of the values of {@link WorkflowIdConflictPolicy}. */
export type WorkflowIdConflictPolicy = (typeof WorkflowIdConflictPolicy)[keyof typeof WorkflowIdConflictPolicy];
