// The task queue of the nightly-backup-check sample.
export const TASK_QUEUE = 'backups';
