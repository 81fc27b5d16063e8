// What Temporal's clients (Client, WorkflowClient, ScheduleClient) share: their connection, and running code
// with a deadline, an abort signal or metadata for the calls it makes (each delegates to the connection's).
import type { Connection } from './connection';

/** Temporal's `BaseClient`: the connection and the call scopes of a client. */
export abstract class CallScopes {
  /** The connection the client calls the server on. */
  abstract get connection(): Connection;

  /**
   * Runs `fn` with a deadline for every call it makes (see {@link Connection.withDeadline}).
   *
   * @returns what `fn` returns.
   */
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
    return this.connection.withDeadline(deadline, fn);
  }

  /**
   * Runs `fn` with an abort signal for every call it makes (see {@link Connection.withAbortSignal}).
   *
   * @returns what `fn` returns.
   */
  withAbortSignal<R>(abortSignal: AbortSignal, fn: () => Promise<R>): Promise<R> {
    return this.connection.withAbortSignal(abortSignal, fn);
  }

  /**
   * Temporal's per-call metadata: ignored with a warning (see {@link Connection.withMetadata}).
   *
   * @returns what `fn` returns.
   */
  withMetadata<R>(metadata: Record<string, string | Buffer>, fn: () => Promise<R>): Promise<R> {
    return this.connection.withMetadata(metadata, fn);
  }
}
