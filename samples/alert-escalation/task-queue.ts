// The task queue of the alert-escalation sample.
export const TASK_QUEUE = 'alerts';
