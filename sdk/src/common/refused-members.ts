// Members of Temporal's classes that Rewind's same-named classes do not have (Temporal's Rust core, gRPC
// plumbing, clients Rewind refuses): each is declared on Rewind's class with a type that carries why and
// what to use, so that a use fails type checking with that text, and is marked @deprecated for the editor.
// Nothing here exists at run time. sdk/test/temporal-exports.test.ts checks that every public member of
// Temporal's class is in Rewind's or refused so; the README lists them.
import type { Refused } from './refused-type';

/** Why each group of members is not in Rewind, and what to use instead. */
export const MEMBER_REFUSALS = {
  asyncCompletion:
    "Rewind has no asynchronous activity completion. Instead: return the activity's result from its function (heartbeat while it runs)",
  taskQueueClient:
    'Rewind has no worker versioning or build-id reachability. Instead: patched() / deprecatePatch(), and a task queue per incompatible version',
  nexus: 'Rewind has no Nexus. Instead: call the other service from an activity (proxyActivities)',
  plugins: 'Rewind has no plugins. Instead: interceptors (workflow, activity and client) and sinks',
  grpcClientClass:
    "Rewind's Connection is not a grpc-js client. Instead: the connection's raw services (connection.workflowService, operatorService…)",
  clientOptions: "Rewind's WorkflowClient and ScheduleClient are the Client's. Instead: client.options",
  rustCore:
    "part of Temporal's Rust core (native handles, metrics, log forwarding, ephemeral servers): Rewind's worker is plain TypeScript. Instead: Runtime.install({ logger }) and Runtime.instance().logger, TestWorkflowEnvironment to start a server",
  workerObservables:
    "Rewind's Worker has no RxJS observables. Instead: worker.getStatus() (numInFlightActivities, numInFlightWorkflowTasks…)",
  workerClient: "Rewind's Worker holds no Client. Instead: new Client({ connection }) with a Connection to the same server",
  eventGroups: "Rewind has no event groups (Temporal's grouping of history events for its UI). Instead: the history's events as they are",
  testEnvironmentOptions:
    "Rewind's test environment keeps its options to itself. Instead: env.connection, env.namespace, env.client, and a Client of your own for another namespace",
} as const;

export type MemberRefusalReason = keyof typeof MEMBER_REFUSALS;

/**
 * The type of a member Rewind refuses: using it fails type checking with `Member (Temporal's) is not in
 * Rewind: <why>. Instead: <use>.` (A conditional type, so that errors print the text, not this alias.)
 */
export type RefusedMember<Member extends string, Why extends MemberRefusalReason> = Why extends MemberRefusalReason
  ? Refused<`${Member} (Temporal's) is not in Rewind: ${(typeof MEMBER_REFUSALS)[Why]}.`>
  : never;
