// The names Rewind exports whose types differ from Temporal's (1.24): for each, why, and what a user who
// changes only the imports may have to change. sdk/test/temporal-exports.test.ts fails on any other
// incompatible name and on an entry here that has become compatible, or has Temporal's public surface (a
// class with private members, or a definition with Temporal's brands, whose public members are Temporal's
// all the way down: sdk/test/types/surface.ts); the README lists the groups.
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
 * Every name both export whose type is not compatible, nor by its public surface: for a value, Rewind's is
 * not usable where Temporal's is; for a type, a value of one is not a value of the other (either way).
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
    why: "Temporal's History is the protobuf message (IHistory: Long event ids, Timestamp objects, numeric event types, payloads as bytes) and its ContinueAsNew error carries Core's protobuf command; Rewind's History is its own (events a union tagged by type, ids and times as numbers, as Rewind's JSON has them) and its ContinueAsNew carries Rewind's command (args, times in milliseconds)",
    change:
      "type a history Rewind's fetchHistory gives as Rewind's History (Worker.runReplayHistory takes either, and Temporal's JSON); catch ContinueAsNew with instanceof and leave its command to Rewind",
    names: {
      workflow: ['ContinueAsNew'],
      worker: ['History'],
    },
  },
  {
    why: "Temporal's activity Context is constructed from eight worker internals (info, a cancelled promise, the cancellation signal, heartbeat function, client, logger, metric meter and cancellation details), where Rewind's takes (info, cancellationSignal, heartbeatFn, options); Rewind's also has run() (the mock environment runs activities with it), which Temporal's lacks, and its client is Rewind's Client (below); getClient gives Rewind's Client, and the interceptor factories and the mock environment that take or give a Context differ with it",
    change:
      "nothing for activity code, which reads Context.current() and the functions of @rewind/sdk/activity; an interceptor factory typed with Temporal's Context takes Rewind's (import Context from @rewind/sdk/activity); code that constructs a Context itself uses MockActivityEnvironment",
    names: {
      activity: ['Context', 'getClient'],
      worker: ['ActivityInterceptorsFactory', 'WorkerInterceptors'],
      testing: ['MockActivityEnvironment', 'MockActivityEnvironmentOptions'],
    },
  },
  {
    why: "Rewind's client handles give Rewind's client as handle.client, whose connection is Rewind's Connection (not Temporal's ConnectionLike) and which has no options, and Rewind's History from fetchHistory; their descriptions give the Rewind server's answer as raw (not Temporal's protobuf response: pending activity states as strings, a schedule's conflict token as a string), and a schedule description's action gives its typedSearchAttributes only as the class, where Temporal's may also give pairs; WithStartWorkflowOperation's workflowHandle() gives such a handle",
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
        'WithStartWorkflowOperation',
      ],
    },
  },
  {
    why: "Rewind's Client, WorkflowClient, ScheduleClient, Connection, NativeConnection, Runtime, Worker and TestWorkflowEnvironment stand on Rewind's own protocol and refuse (declared with why and what to use, below) what belongs to Temporal's gRPC channel and Rust core: Connection's static Client (grpc-js' client constructor) and its plugins, a NativeConnection's plugins, the client's activity, taskQueue and nexus clients and the clients' options, the Runtime's native handles, metrics and static defaultOptions, a Worker's client and in-flight counters, a test environment's asyncCompletionClient, options, connectionOptions and Nexus endpoints. They have Temporal's raw gRPC services (workflowService, operatorService, healthService, testService: Temporal's own, over the Rewind server's gRPC API), the call scopes (withDeadline, withAbortSignal, withMetadata, withApiKey, setApiKey; a NativeConnection's too), and the constructors and statics code written for Temporal calls (new Client() with a lazy connection, Connection.connect and lazy, NativeConnection.connect and create, Worker.create, Runtime.install and instance, TestWorkflowEnvironment.createLocal, createTimeSkipping and createFromExistingServer)",
    change:
      'code that uses the Rust core, plugins, or the activity, task-queue and Nexus clients fails type checking, saying what to use instead; the rest compiles and runs as written (new Client(), new WorkflowClient({ connection }), Connection.connect, client.withDeadline, connection.workflowService.describeNamespace(…), Worker.create, TestWorkflowEnvironment.createLocal, …)',
    names: {
      client: ['Client', 'WorkflowClient', 'ScheduleClient', 'Connection'],
      worker: ['NativeConnection', 'Runtime', 'Worker'],
      testing: ['TestWorkflowEnvironment'],
    },
  },
  {
    why: "Options that hold Temporal's gRPC transport or its root scope differ with it: ClientOptions', WorkflowClientOptions' and ScheduleClientOptions' connection is Temporal's ConnectionLike (any object with the raw gRPC services and plugins, where Rewind's clients need Rewind's Connection), and Temporal's also take a data converter, interceptors and a query reject condition, which Rewind's do not, WorkerOptions' connection Temporal's NativeConnection (above), and CancellationScopeOptions' parent Temporal's scope or its NO_PARENT (a unique symbol no other value is), where Rewind's CancellationScopeOptions also leaves cancellable optional; CancellationScope's constructor takes these options; WorkerOptions' interceptors also differ with the activity Context (above)",
    change: "pass Rewind's Connection / NativeConnection (or none: new Client() connects lazily) and a Rewind scope as parent (or none)",
    names: {
      workflow: ['CancellationScope', 'CancellationScopeOptions'],
      client: ['ClientOptions', 'WorkflowClientOptions', 'ScheduleClientOptions'],
      worker: ['WorkerOptions'],
    },
  },
];
