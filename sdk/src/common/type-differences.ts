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
    why: "Rewind's internals interceptors see Rewind's activations and commands (unions tagged by type, seqs and times as numbers), where Temporal's see core's protobuf activations and commands (one optional field per kind of job or command, Long and Timestamp values); the interceptor lists carry them, and the outbound interceptors' LocalActivityInput (below)",
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
    why: "Temporal's History is the protobuf message (IHistory: Long event ids, Timestamp objects, numeric event types, payloads as bytes) and its ContinueAsNew error carries Core's protobuf command; Rewind's History is its own (events a union tagged by type, ids and times as numbers, as Rewind's JSON has them) and its ContinueAsNew carries Rewind's command (args, times in milliseconds)",
    change:
      "read a history from JSON (Temporal's `temporal workflow show --output json` or Web UI download, or Rewind's) rather than build protobuf objects; catch ContinueAsNew with instanceof and leave its command to Rewind",
    names: {
      workflow: ['ContinueAsNew'],
      worker: ['History'],
    },
  },
  {
    why: "Temporal's signal, query and update definitions carry brands keyed by unique symbols that @temporalio/common declares and does not export, so no type outside it can have them; Rewind's have the same fields and type parameters without them (and WorkflowSignalWithStartOptions holds one; the built-in query definitions are such definitions)",
    change:
      "nothing within Rewind; a definition made by Rewind's define* cannot be passed to Temporal's own client (one made by Temporal's can be passed to Rewind's)",
    names: {
      workflow: [
        'SignalDefinition',
        'QueryDefinition',
        'defineSignal',
        'defineQuery',
        'defineUpdate',
        'stackTraceQuery',
        'enhancedStackTraceQuery',
        'workflowMetadataQuery',
      ],
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
    why: "Rewind's workflowInfo() gives its typedSearchAttributes as Rewind's TypedSearchAttributes, which Temporal's (a class with private members) does not take",
    change:
      "nothing for code that reads workflowInfo(); a sink that passes the info on to code typed with Temporal's WorkflowInfo casts it",
    names: {
      workflow: ['WorkflowInfo', 'workflowInfo', 'SinkCall'],
    },
  },
  {
    why: "Temporal's activity Context is a class with protected members (heartbeatFn, _client, _cancellationDetails), which TypeScript matches only with itself and its subclasses: Rewind's Context has the same public members but is its own class, and its client is Rewind's Client; the interceptor factories and the mock environment that take or give a Context differ with it",
    change:
      "nothing for activity code, which reads Context.current() and the functions of @rewind/sdk/activity; an interceptor factory typed with Temporal's Context takes Rewind's (import Context from @rewind/sdk/activity)",
    names: {
      activity: ['Context', 'getClient'],
      worker: ['ActivityInterceptorsFactory', 'WorkerInterceptors'],
      testing: ['MockActivityEnvironment', 'MockActivityEnvironmentOptions'],
    },
  },
  {
    why: "Rewind's client handles give Rewind's client as handle.client (Temporal's WorkflowClient and ScheduleClient have private members, so no other class is one of them) and Rewind's History from fetchHistory; their descriptions give the Rewind server's answer as raw (not Temporal's protobuf response) and typedSearchAttributes as Rewind's class",
    change:
      "use handle.client as Rewind's WorkflowClient or ScheduleClient; read fetchHistory's events and a description's raw in Rewind's shapes (the other fields are Temporal's)",
    names: {
      client: [
        'WorkflowHandle',
        'WorkflowHandleWithFirstExecutionRunId',
        'WorkflowHandleWithStartDetails',
        'WorkflowHandleWithSignaledRunId',
        'WorkflowExecutionDescription',
        'ScheduleHandle',
        'ScheduleDescription',
      ],
    },
  },
  {
    why: "Rewind's schedule options may hold Rewind's TypedSearchAttributes (the schedule's and its action's typedSearchAttributes), which is not Temporal's class (see TypedSearchAttributes)",
    change:
      "nothing for code that runs on Rewind; options handed on to Temporal's own SDK give typedSearchAttributes as pairs ([{ key, value }])",
    names: { client: ['ScheduleOptions', 'ScheduleUpdateOptions'] },
  },
  {
    why: "Temporal's Client, WorkflowClient, ScheduleClient, Connection, NativeConnection, Runtime, Worker, DefaultLogger, TestWorkflowEnvironment and CancellationScope are classes with private or protected members (CancellationScope's are ES #private fields), which TypeScript matches only with themselves. Rewind's have the constructors and statics code written for Temporal calls (new Client() with a lazy connection, Connection.connect and lazy, NativeConnection.connect and create, Worker.create, Runtime.install and instance, TestWorkflowEnvironment.createLocal, createTimeSkipping and createFromExistingServer), the clients' and Connection's withDeadline and withAbortSignal (withMetadata is accepted and ignored with a warning) and DefaultLogger's public members, but not those of Temporal's gRPC transport and Rust core: the raw services (workflowService, operatorService, …), setApiKey, setMetadata and a NativeConnection's call scopes, the client's activity, taskQueue and nexus clients, the Runtime's native handles and metrics, a Worker's client and in-flight counters, a test environment's asyncCompletionClient, options, connectionOptions and Nexus endpoints",
    change:
      'code that calls the raw gRPC services or uses the Rust core cannot; the rest compiles as written (new Client(), Connection.connect, client.withDeadline, Worker.create, TestWorkflowEnvironment.createLocal, …)',
    names: {
      workflow: ['CancellationScope'],
      client: ['Client', 'WorkflowClient', 'ScheduleClient', 'Connection'],
      worker: ['NativeConnection', 'Runtime', 'Worker', 'DefaultLogger'],
      testing: ['TestWorkflowEnvironment'],
    },
  },
  {
    why: "Options that hold one of Temporal's classes above or its gRPC transport differ with it: ClientOptions' connection is Temporal's ConnectionLike (with its raw gRPC services), WorkerOptions' connection Temporal's NativeConnection, and CancellationScopeOptions' parent Temporal's scope or its NO_PARENT (a unique symbol, matched only by itself), where Rewind's CancellationScopeOptions also leaves cancellable optional; WorkerOptions' interceptors also differ with the activity Context (above)",
    change: "pass Rewind's Connection / NativeConnection (or none: new Client() connects lazily) and a Rewind scope as parent (or none)",
    names: {
      workflow: ['CancellationScopeOptions'],
      client: ['ClientOptions'],
      worker: ['WorkerOptions'],
    },
  },
];
