// The methods of Temporal's WorkflowService and OperatorService that Rewind does not build, by what they are for,
// each group with what a user does instead on Rewind: what such a method answers (UNIMPLEMENTED naming itself)
// and what the README's "Not built" list says (grpc-method-list.test.ts holds the three to one another).

export interface NotBuiltGroup {
  /** What the methods are for, as the README's list and the UNIMPLEMENTED message name it. */
  readonly what: string;
  /** What to do instead on Rewind, or that it is not available (a sentence, or two). */
  readonly instead: string;
  readonly methods: readonly string[];
}

export const NOT_BUILT: readonly NotBuiltGroup[] = [
  {
    what: 'standalone activities',
    instead:
      'Run the activity from a workflow (a workflow of one `proxyActivities` call): started, described, listed, cancelled and terminated as a workflow.',
    methods: [
      'StartActivityExecution',
      'DescribeActivityExecution',
      'PollActivityExecution',
      'ListActivityExecutions',
      'CountActivityExecutions',
      'RequestCancelActivityExecution',
      'TerminateActivityExecution',
      'DeleteActivityExecution',
      'PauseActivityExecution',
      'UnpauseActivityExecution',
      'ResetActivityExecution',
      'UpdateActivityExecutionOptions',
    ],
  },
  {
    what: 'batch operations',
    instead:
      'List the workflows with the query (`rewind workflow list --query … --output json`, or ListWorkflowExecutions) and act on each by its id (`rewind workflow terminate | cancel | signal | reset`, or the Temporal CLI with `--workflow-id`).',
    methods: ['StartBatchOperation', 'StopBatchOperation', 'DescribeBatchOperation', 'ListBatchOperations'],
  },
  {
    what: 'pausing, resetting or changing the options of a running activity or workflow',
    instead:
      'Not available: an activity runs with the options its workflow gave it; cancel or terminate the workflow, or reset it to an earlier workflow task (`rewind workflow reset`, ResetWorkflowExecution).',
    methods: [
      'PauseActivity',
      'UnpauseActivity',
      'ResetActivity',
      'UpdateActivityOptions',
      'PauseWorkflowExecution',
      'UnpauseWorkflowExecution',
      'UpdateWorkflowExecutionOptions',
    ],
  },
  {
    what: 'workflow rules',
    instead: 'Not available.',
    methods: ['CreateWorkflowRule', 'DescribeWorkflowRule', 'DeleteWorkflowRule', 'ListWorkflowRules', 'TriggerWorkflowRule'],
  },
  {
    what: 'worker versioning and deployments',
    instead:
      'Not available: change workflow code with `patched` / `deprecatePatch`, or serve the new code on a new task queue; `rewind dev` replays the open runs against new code before switching.',
    methods: [
      'UpdateWorkerBuildIdCompatibility',
      'GetWorkerBuildIdCompatibility',
      'UpdateWorkerVersioningRules',
      'GetWorkerVersioningRules',
      'GetWorkerTaskReachability',
      'DescribeDeployment',
      'ListDeployments',
      'GetDeploymentReachability',
      'GetCurrentDeployment',
      'SetCurrentDeployment',
      'CreateWorkerDeployment',
      'DescribeWorkerDeployment',
      'ListWorkerDeployments',
      'DeleteWorkerDeployment',
      'SetWorkerDeploymentManager',
      'SetWorkerDeploymentCurrentVersion',
      'SetWorkerDeploymentRampingVersion',
      'CreateWorkerDeploymentVersion',
      'DescribeWorkerDeploymentVersion',
      'DeleteWorkerDeploymentVersion',
      'UpdateWorkerDeploymentVersionMetadata',
      'UpdateWorkerDeploymentVersionComputeConfig',
      'ValidateWorkerDeploymentVersionComputeConfig',
    ],
  },
  {
    what: 'Nexus',
    instead: 'Not available: call the other service from an activity.',
    methods: [
      'PollNexusTaskQueue',
      'RespondNexusTaskCompleted',
      'RespondNexusTaskFailed',
      'StartNexusOperationExecution',
      'DescribeNexusOperationExecution',
      'PollNexusOperationExecution',
      'ListNexusOperationExecutions',
      'CountNexusOperationExecutions',
      'RequestCancelNexusOperationExecution',
      'TerminateNexusOperationExecution',
      'DeleteNexusOperationExecution',
      'CreateNexusEndpoint',
      'GetNexusEndpoint',
      'UpdateNexusEndpoint',
      'DeleteNexusEndpoint',
      'ListNexusEndpoints',
    ],
  },
  {
    what: 'task queue and worker configuration held by the server',
    instead:
      "Set limits in the worker's options (its concurrency); a task queue has one partition on Rewind, which DescribeTaskQueue describes.",
    methods: ['ListTaskQueuePartitions', 'UpdateTaskQueueConfig', 'FetchWorkerConfig', 'UpdateWorkerConfig'],
  },
  {
    what: 'the older list methods and archival',
    instead:
      "ListWorkflowExecutions with a query lists them (`ExecutionStatus = 'Running'`, `CloseTime > …`; `rewind workflow list --query`); Rewind archives nothing.",
    methods: ['ListOpenWorkflowExecutions', 'ListClosedWorkflowExecutions', 'ScanWorkflowExecutions', 'ListArchivedWorkflowExecutions'],
  },
  {
    what: 'deprecating or deleting a namespace',
    instead: 'Not available: a namespace stays; use another one (`rewind namespace create`) or another database file.',
    methods: ['DeprecateNamespace', 'DeleteNamespace'],
  },
  {
    what: 'clusters',
    instead: 'Not available: a Rewind server is one cluster, which GetClusterInfo describes.',
    methods: ['AddOrUpdateRemoteCluster', 'RemoveRemoteCluster', 'ListClusters'],
  },
  {
    what: 'counting schedules',
    instead: 'ListSchedules lists them all (`rewind schedule list` too).',
    methods: ['CountSchedules'],
  },
  {
    what: "a workflow's own time skipping",
    instead:
      "Time skips for the whole server on one started for it (Temporal's TestService, `rewindTemporalServer` of `@rewind/devserver/temporal-testing`).",
    methods: ['PollWorkflowExecutionTimeSkipping'],
  },
];

const GROUP_OF: ReadonlyMap<string, NotBuiltGroup> = new Map(NOT_BUILT.flatMap((g) => g.methods.map((m) => [m, g] as const)));

/** What a method that is not served answers: that Rewind does not serve it, what it is for, and what to do instead. */
export function unimplementedMessage(name: string): string {
  const group = GROUP_OF.get(name);
  const readme = `The README's section "Temporal's SDK on Rewind" lists what Rewind serves and what it does not.`;
  return group
    ? `${name} is not served by Rewind (${group.what}). ${group.instead} ${readme}`
    : `${name} is not served by Rewind. ${readme}`;
}
