// The task queue of the order sample (shared by its worker and starter).
export const TASK_QUEUE = 'orders';
