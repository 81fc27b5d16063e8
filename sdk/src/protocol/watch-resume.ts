// Where a history watch starts again after the connection came back: the server does not save a
// workflow task's start at once, so after a restart the last WorkflowTaskStarted seen may be made
// again (or another event may take its id). One rule for every follower (the CLI, the extension).

export function resumeWatchAt(nextEventId: number, lastType: string | undefined): { fromEventId: number; replaces: boolean } {
  return lastType === 'WorkflowTaskStarted'
    ? { fromEventId: nextEventId - 1, replaces: true }
    : { fromEventId: nextEventId, replaces: false };
}
