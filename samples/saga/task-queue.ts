// The task queue of the saga sample.
export const TASK_QUEUE = 'trips';
