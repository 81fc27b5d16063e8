// Which run a history is of, and a check that the workflow code can replay it (both replays of the
// debugger: the Rewind session's and the one under Node's debugger).
import { ValueError } from '../common/errors';
import type { History, HistoryEvent } from '../protocol';
import type { WorkflowSandbox } from '../worker/sandbox/sandbox';
import { isReadFromTemporal } from '../worker/temporal-history/temporal-history';

export interface ReplayIdentity {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** Read from Temporal's JSON: recorded by Temporal's SDKs (see WorkflowExecutor's identity). */
  recordedByTemporal: boolean;
}

export function replayIdentity(sandbox: WorkflowSandbox, history: History, workflowId?: string): ReplayIdentity {
  const started = history.events[0] as Extract<HistoryEvent, { type: 'WorkflowExecutionStarted' }>;
  if (!sandbox.workflowTypes.includes(started.workflowType)) {
    throw new ValueError(
      `The history is of workflow type '${started.workflowType}', which the workflow code does not export ` +
        `(it exports: ${sandbox.workflowTypes.join(', ') || 'nothing'}). Open the workflows file this run was made with.`,
    );
  }
  return {
    workflowId: workflowId ?? history.workflowId ?? 'replay-workflow-id',
    runId: history.runId ?? started.originalExecutionRunId ?? 'replay-run-id',
    workflowType: started.workflowType,
    recordedByTemporal: isReadFromTemporal(history),
  };
}
