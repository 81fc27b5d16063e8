// The Client (Temporal's): a connection, a namespace, `client.workflow` to start and find workflows,
// and `client.schedule` to run them on a schedule.
import os from 'node:os';
import { DEFAULT_NAMESPACE } from '../protocol/messages';
import { Connection } from './connection';
import { ScheduleClient } from './schedule-client';
import { WorkflowClient } from './workflow-client';

export interface ClientOptions {
  /** Default: a lazy connection to 127.0.0.1:7233 is not made for you; pass one from Connection.connect(). */
  connection: Connection;
  namespace?: string;
  identity?: string;
}

export class Client {
  readonly connection: Connection;
  readonly workflow: WorkflowClient;
  readonly schedule: ScheduleClient;
  readonly options: Required<Pick<ClientOptions, 'namespace' | 'identity'>>;

  constructor(options: ClientOptions) {
    if (!options?.connection) {
      throw new TypeError(
        'new Client({ connection }) needs a connection: const connection = await Connection.connect({ address: "127.0.0.1:7233" })',
      );
    }
    this.connection = options.connection;
    this.options = {
      namespace: options.namespace ?? DEFAULT_NAMESPACE,
      identity: options.identity ?? `${process.pid}@${os.hostname()}`,
    };
    const ctx = { connection: this.connection, namespace: this.options.namespace, identity: this.options.identity };
    this.workflow = new WorkflowClient(ctx);
    this.schedule = new ScheduleClient(ctx);
  }
}
