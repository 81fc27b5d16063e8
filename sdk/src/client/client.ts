// The Client (Temporal's): a connection, a namespace, `client.workflow` to start and find workflows,
// and `client.schedule` to run them on a schedule.
import { CallScopes } from './call-scopes';
import { clientContext, type BaseClientOptions } from './client-options';
import type { Connection } from './connection';
import { ScheduleClient } from './schedule-client';
import { WorkflowClient } from './workflow-client';
import type { RefusedMember } from '../common/refused-members';

/** What `new Client()` takes: a connection, a namespace and an identity (see {@link BaseClientOptions}). */
export type ClientOptions = BaseClientOptions;

/**
 * The client of a Rewind server, as Temporal's `Client`: {@link workflow} starts workflows and gets
 * handles on them (result, signal, query, update, cancel, terminate, describe, history), and
 * {@link schedule} runs them on a schedule. Cheap to make; many clients may share one connection.
 *
 * ```ts
 * const client = new Client({ connection: await Connection.connect() }); // or new Client(): connects on first use
 * const result = await client.workflow.execute(orderWorkflow, { taskQueue: 'orders', workflowId: 'order-42', args: ['order-42'] });
 * ```
 */
export class Client extends CallScopes {
  // Temporal's members that Rewind does not have, refused with why and what to use (common/refused-members.ts).
  /** @deprecated Client.activity (Temporal's) is not in Rewind: see the type's text. */
  declare readonly activity: RefusedMember<'Client.activity', 'asyncCompletion'>;
  /** @deprecated Client.taskQueue (Temporal's) is not in Rewind: see the type's text. */
  declare readonly taskQueue: RefusedMember<'Client.taskQueue', 'taskQueueClient'>;
  /** @deprecated Client.nexus (Temporal's) is not in Rewind: see the type's text. */
  declare readonly nexus: RefusedMember<'Client.nexus', 'nexus'>;

  /** The connection the client calls the server on. */
  readonly connection: Connection;
  /** Workflows: start, execute, signalWithStart, getHandle, list, count (Temporal's `WorkflowClient`). */
  readonly workflow: WorkflowClient;
  /** Schedules: create, getHandle, list (Temporal's `ScheduleClient`). */
  readonly schedule: ScheduleClient;
  /** The namespace and identity the client uses, defaults applied. */
  readonly options: Required<Pick<ClientOptions, 'namespace' | 'identity'>>;

  constructor(options: ClientOptions = {}) {
    super();
    const ctx = clientContext(options);
    this.connection = ctx.connection;
    this.options = { namespace: ctx.namespace, identity: ctx.identity };
    this.workflow = new WorkflowClient(ctx);
    this.schedule = new ScheduleClient(ctx);
  }
}
