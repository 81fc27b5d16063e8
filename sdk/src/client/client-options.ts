// What Temporal's clients (Client, WorkflowClient, ScheduleClient) take in common (its BaseClientOptions):
// a connection, a namespace and an identity, and their defaults, applied the same way by each.
import os from 'node:os';
import { envNamespace } from '../transport/env-config';
import { Connection } from './connection';
import type { HandleContext } from './workflow-handle';

/** What every client takes (Temporal's `BaseClientOptions`, those that apply). */
export interface BaseClientOptions {
  /**
   * The connection to use, from `await Connection.connect()` (or `Connection.lazy()`).
   *
   * @default as Temporal's: a lazy connection (`Connection.lazy()`) that connects on the client's first call,
   *   to `REWIND_ADDRESS`, else `TEMPORAL_ADDRESS`, else `127.0.0.1:7233`; close it with `client.connection.close()`
   */
  connection?: Connection;
  /**
   * The namespace of every call this client makes (an empty string counts as unset).
   *
   * @default `REWIND_NAMESPACE`, else `TEMPORAL_NAMESPACE` (as `@temporalio/envconfig` reads it), else `'default'`
   */
  namespace?: string;
  /**
   * Who is calling, recorded by the server with what the client does (who cancelled, terminated, signalled).
   *
   * @default `${process.pid}@${os.hostname()}`
   */
  identity?: string;
}

/** The connection, namespace and identity a client uses, defaults applied. */
export function clientContext(options: BaseClientOptions): HandleContext {
  return {
    connection: options.connection ?? Connection.lazy(),
    namespace: options.namespace || envNamespace(),
    identity: options.identity ?? `${process.pid}@${os.hostname()}`,
  };
}
