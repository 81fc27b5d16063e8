// The Client a worker gives its activities (Temporal's Context.client): Rewind's Client to the worker's
// server, with the worker's address, auth token, identity and namespace. Its connection is made when the
// first activity attempt starts (workers whose activities never run make none) and closed when the worker stops.
import { Client } from '../../client/client';
import { Connection } from '../../client/connection';
import type { NativeConnection } from '../native-connection';

export class ActivityClientSource {
  private connecting: Promise<Client> | undefined;
  private closed = false;

  constructor(
    private readonly connection: NativeConnection,
    private readonly namespace: string,
    private readonly identity: string,
  ) {}

  /**
   * The client, connected on the first call (later calls share it).
   *
   * @throws ConnectionError (rejects) if the server cannot be reached: the attempt fails and is retried.
   */
  get(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('The worker has stopped: its activities have no client.'));
    this.connecting ??= this.connect();
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const { address, apiKey, connectTimeout } = this.connection.options;
    const options = { identity: this.identity, ...(address ? { address } : {}), ...(apiKey ? { apiKey } : {}) };
    const connection = await Connection.connect(connectTimeout !== undefined ? { ...options, connectTimeout } : options);
    return new Client({ connection, namespace: this.namespace, identity: this.identity });
  }

  /** Closes the client's connection, if one was made (the worker has stopped). */
  async close(): Promise<void> {
    this.closed = true;
    const connecting = this.connecting;
    this.connecting = undefined;
    const client = await connecting?.catch(() => undefined);
    await client?.connection.close();
  }
}
