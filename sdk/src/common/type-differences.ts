// The names Rewind exports whose types differ from Temporal's (1.24): for each, why, and what a user who
// changes only the imports may have to change. sdk/test/temporal-exports.test.ts fails on any other
// incompatible name and on an entry here that has become compatible; the README lists the groups.
import type { TemporalPackage } from './refused-names';

/** Names whose types differ from Temporal's for one reason. */
export interface TypeDifference {
  /** How and why Rewind's types differ (a sentence without its full stop). */
  readonly why: string;
  /** What code written for Temporal may have to change (a sentence without its full stop). */
  readonly change: string;
  /** The differing names, by the Temporal package that exports them. */
  readonly names: Readonly<Partial<Record<TemporalPackage, readonly string[]>>>;
}

/**
 * Every name both export whose type is not compatible: for a value, Rewind's is not usable where Temporal's
 * is; for a type, a value of one is not a value of the other (either way).
 */
export const TYPE_DIFFERENCES: readonly TypeDifference[] = [
  {
    why: "Rewind's internals interceptors see Rewind's activations and commands (unions tagged by type, seqs and times as numbers), where Temporal's see core's protobuf activations and commands (one optional field per kind of job or command, Long and Timestamp values); the interceptor lists carry them",
    change:
      "an internals interceptor that only passes activations and commands on with next (to time or count them, or dispose) works unchanged; one that reads or rewrites jobs or commands is written for Rewind's unions (TypeScript refuses the protobuf field names)",
    names: {
      workflow: [
        'ActivateInput',
        'ConcludeActivationInput',
        'ConcludeActivationOutput',
        'WorkflowInternalsInterceptor',
        'WorkflowInterceptors',
        'WorkflowInterceptorsFactory',
      ],
    },
  },
  {
    why: "Rewind gives a local activity's originalScheduleTime as epoch milliseconds, where Temporal gives a protobuf Timestamp (Long seconds and nanos)",
    change: 'an interceptor that reads originalScheduleTime reads a number (new Date(ms))',
    names: { workflow: ['LocalActivityInput', 'WorkflowOutboundCallsInterceptor'] },
  },
  {
    why: "Rewind's activations, commands and history events are its own unions tagged by type (ids and times as numbers), where Temporal's are protobuf objects (Long ids, Timestamp objects)",
    change:
      "an internals interceptor reads and returns Rewind's activations and commands; a History built by hand uses Rewind's events (a history exported as JSON is read as it is)",
    names: {
      workflow: ['ContinueAsNew'],
      worker: ['History'],
    },
  },
  {
    why: "Temporal's signal, query and update definitions carry brands keyed by unique symbols that @temporalio/common declares and does not export, so no type outside it can have them; Rewind's have the same fields and type parameters without them (and WorkflowSignalWithStartOptions holds one)",
    change:
      "nothing within Rewind; a definition made by Rewind's define* cannot be passed to Temporal's own client (one made by Temporal's can be passed to Rewind's)",
    names: {
      workflow: ['SignalDefinition', 'QueryDefinition', 'defineSignal', 'defineQuery', 'defineUpdate'],
      client: ['SignalDefinition', 'QueryDefinition', 'UpdateDefinition', 'WorkflowSignalWithStartOptions'],
      common: ['SignalDefinition', 'QueryDefinition', 'UpdateDefinition'],
    },
  },
  {
    why: "Temporal's TypedSearchAttributes and WithStartWorkflowOperation are classes with private members, which TypeScript matches only with themselves: Rewind's have the same public members, so Temporal's are taken where Rewind's are, but Rewind's are not Temporal's, nor the options and interceptor inputs that may hold a TypedSearchAttributes",
    change:
      "nothing for code that runs on Rewind; options handed on to Temporal's own SDK give typedSearchAttributes as pairs ([{ key, value }]), not as Rewind's TypedSearchAttributes",
    names: {
      workflow: [
        'ChildWorkflowOptions',
        'ContinueAsNewOptions',
        'ContinueAsNewInputOptions',
        'ContinueAsNewInput',
        'StartChildWorkflowExecutionInput',
      ],
      client: ['WorkflowStartOptions', 'WithStartWorkflowOperation'],
      common: ['TypedSearchAttributes'],
    },
  },
  {
    why: "Rewind's WorkflowInfo has no typedSearchAttributes, historySize, originalExecutionRunId or targetWorkerDeploymentVersionChanged and types lastFailure as a TemporalFailure; its activity Info has a string taskToken, no base64TaskToken, namespace, activityNamespace or inWorkflow, and a startedTimestampMs; its activity Context has no client, metricMeter or cancellationDetails",
    change:
      'code that reads the missing fields cannot (workflowInfo().searchAttributes for the first, info.workflowNamespace for the namespace); read taskToken as a string',
    names: {
      workflow: ['WorkflowInfo', 'workflowInfo', 'SinkCall'],
      activity: ['Info', 'activityInfo', 'Context'],
      worker: ['InjectedSink', 'InjectedSinkFunction', 'InjectedSinks', 'ActivityInterceptorsFactory', 'WorkerInterceptors'],
      testing: ['defaultActivityInfo', 'MockActivityEnvironment'],
    },
  },
  {
    why: "Rewind's client handles lack Temporal's option-taking variants (signalWithOptions, queryWithOptions), a handle's client, and a schedule handle's backfill; an update handle also names its workflow (target); a description has no typedSearchAttributes and no UNSPECIFIED status",
    change: "call signal and query without the per-call options; read the description's searchAttributes",
    names: {
      client: [
        'WorkflowHandle',
        'WorkflowHandleWithFirstExecutionRunId',
        'WorkflowHandleWithStartDetails',
        'WorkflowHandleWithSignaledRunId',
        'WorkflowUpdateHandle',
        'WorkflowExecutionDescription',
        'ScheduleHandle',
      ],
    },
  },
  {
    why: "Rewind's schedule specs also take calendar fields as strings ('1-5') and describe intervals as everyMs / offsetMs, where Temporal's take ranges and describe every / offset; a ScheduleSummary (from list) is Rewind's full description, and a description has no searchAttributes",
    change: 'a spec built for Temporal works; code that reads a description reads everyMs / offsetMs',
    names: {
      client: ['ScheduleOptions', 'ScheduleUpdateOptions', 'ScheduleSpec', 'CalendarSpec', 'ScheduleSummary', 'ScheduleDescription'],
    },
  },
  {
    why: "Rewind connects over its own protocol, without gRPC or Temporal's Rust core: its Connection, NativeConnection, Runtime, clients and workers have their own constructors, options and statics, and its errors carry Rewind's codes (ServiceError's data, QueryNotRegisteredError's string code, WorkflowExecutionAlreadyStartedError an Error, not a TemporalFailure)",
    change:
      "pass a connection to Client (Temporal's defaults to localhost:7233), use Connection.connect and Worker.create as documented, and test errors with instanceof and their code",
    names: {
      client: [
        'Client',
        'WorkflowClient',
        'ScheduleClient',
        'Connection',
        'ConnectionOptions',
        'ClientOptions',
        'ServiceError',
        'QueryNotRegisteredError',
        'WorkflowExecutionAlreadyStartedError',
      ],
      common: ['WorkflowExecutionAlreadyStartedError'],
      worker: ['NativeConnection', 'Runtime', 'Worker', 'WorkerOptions', 'ReplayWorkerOptions', 'DefaultLogger'],
      testing: ['TestWorkflowEnvironment'],
    },
  },
  {
    why: "Rewind's workflow bundle carries its source map (required) and bundle options take readonly arrays",
    change: "bundle with Rewind's bundleWorkflowCode (a bundle made by Temporal's has no separate source map)",
    names: { worker: ['WorkflowBundle', 'BundleOptions'] },
  },
  {
    why: "Rewind's CancellationScope keeps its own private state (classes with private members are nominal) and its options make cancellable optional",
    change: "nothing when only Rewind's scopes are used; cancellable may be left out",
    names: { workflow: ['CancellationScope', 'CancellationScopeOptions'] },
  },
  {
    why: "Rewind's toPayloads is its own helper (values and the name of their owner, to JSON payloads), where Temporal's takes a payload converter and the values",
    change: 'convert with a payload converter (defaultPayloadConverter.toPayload) instead',
    names: { common: ['toPayloads'] },
  },
];
