// The task queue of the media-sync sample.
export const TASK_QUEUE = 'media-sync';
