// The task queue of the approval sample.
export const TASK_QUEUE = 'approvals';
