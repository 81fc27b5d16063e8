// The Client (Temporal's): a connection, a namespace, `client.workflow` to start and find workflows,
// and `client.schedule` to run them on a schedule.
import os from 'node:os';
import { envNamespace } from '../transport/env-config';
import { Connection } from './connection';
import { ScheduleClient } from './schedule-client';
import { WorkflowClient } from './workflow-client';

export interface ClientOptions {
  /** The connection to use, from `Connection.connect()` (unlike Temporal's Client, none is made for you). */
  connection: Connection;
  /**
   * The namespace of every call. Default: the REWIND_NAMESPACE environment variable, else
   * TEMPORAL_NAMESPACE (as `@temporalio/envconfig` reads it), else 'default'.
   */
  namespace?: string;
  /** Who is calling, for the server's records. Default `<pid>@<hostname>`. */
  identity?: string;
}

export class Client {
  readonly connection: Connection;
  readonly workflow: WorkflowClient;
  readonly schedule: ScheduleClient;
  readonly options: Required<Pick<ClientOptions, 'namespace' | 'identity'>>;

  constructor(options: ClientOptions) {
    if (!options?.connection) {
      throw new TypeError('new Client({ connection }) needs a connection: const connection = await Connection.connect()');
    }
    this.connection = options.connection;
    this.options = {
      namespace: options.namespace || envNamespace(),
      identity: options.identity ?? `${process.pid}@${os.hostname()}`,
    };
    const ctx = { connection: this.connection, namespace: this.options.namespace, identity: this.options.identity };
    this.workflow = new WorkflowClient(ctx);
    this.schedule = new ScheduleClient(ctx);
  }
}
