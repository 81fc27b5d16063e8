// Where a field of Rewind's request schema sits in Temporal's request message, so that an error says the
// field as the Temporal caller wrote it (`workflowType.name`, `workflowExecution.workflowId`, `input`).

/** Rewind's names that are spelled otherwise in every Temporal request. */
const EVERYWHERE: Record<string, string> = {
  workflowType: 'workflowType.name',
  taskQueue: 'taskQueue.name',
  args: 'input.payloads',
  details: 'details.payloads',
  signalArgs: 'signalInput.payloads',
  memo: 'memo.fields',
  searchAttributes: 'searchAttributes.indexedFields',
  header: 'header.fields',
  workflowExecutionTimeoutMs: 'workflowExecutionTimeout',
  workflowRunTimeoutMs: 'workflowRunTimeout',
  workflowTaskTimeoutMs: 'workflowTaskTimeout',
  startDelayMs: 'workflowStartDelay',
};

/** Rewind's names that a method's Temporal request keeps inside a message of its own. */
const EXECUTION = { workflowId: 'workflowExecution.workflowId', runId: 'workflowExecution.runId' };
/** A schedule's parts sit in the request's `schedule`; its action is a workflow start. */
const SCHEDULE = {
  spec: 'schedule.spec',
  action: 'schedule.action.startWorkflow',
  policies: 'schedule.policies',
  state: 'schedule.state',
  backfill: 'initialPatch.backfillRequest',
};
const BY_METHOD: Record<string, Record<string, string>> = {
  SignalWorkflowExecution: EXECUTION,
  RequestCancelWorkflowExecution: EXECUTION,
  TerminateWorkflowExecution: EXECUTION,
  DescribeWorkflowExecution: { workflowId: 'execution.workflowId', runId: 'execution.runId' },
  GetWorkflowExecutionHistory: { workflowId: 'execution.workflowId', runId: 'execution.runId' },
  QueryWorkflow: {
    workflowId: 'execution.workflowId',
    runId: 'execution.runId',
    queryType: 'query.queryType',
    args: 'query.queryArgs.payloads',
    header: 'query.header.fields',
  },
  RespondQueryTaskCompleted: { result: 'queryResult' },
  UpdateWorkflowExecution: {
    ...EXECUTION,
    updateId: 'request.meta.updateId',
    name: 'request.input.name',
    args: 'request.input.args.payloads',
    identity: 'request.meta.identity',
  },
  CreateSchedule: SCHEDULE,
  UpdateSchedule: SCHEDULE,
  PollWorkflowExecutionUpdate: {
    workflowId: 'updateRef.workflowExecution.workflowId',
    runId: 'updateRef.workflowExecution.runId',
    updateId: 'updateRef.updateId',
  },
};

/** A schema error's path (`taskQueue`, `memo.k`, `args[0]`) in Temporal's terms for `method`'s request. */
export function temporalFieldPath(method: string, path: string): string {
  const m = /^([A-Za-z_$][\w$]*)(.*)$/s.exec(path);
  if (!m) return path;
  const [, head, rest] = m as unknown as [string, string, string];
  const own = BY_METHOD[method];
  const renamed = (own && Object.hasOwn(own, head) ? own[head] : undefined) ?? (Object.hasOwn(EVERYWHERE, head) ? EVERYWHERE[head] : head);
  return `${renamed}${rest}`;
}
