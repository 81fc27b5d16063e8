// What Temporal's clients (Client, WorkflowClient, ScheduleClient) share: their connection, and running code
// with a deadline, an abort signal or metadata for the calls it makes (each delegates to the connection's), and its raw WorkflowService.
import type { Metadata, WorkflowService } from '../transport/raw-services';
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
   * Runs `fn` with gRPC metadata for the raw services' calls it makes (see {@link Connection.withMetadata}).
   *
   * @returns what `fn` returns.
   */
  withMetadata<R>(metadata: Metadata, fn: () => Promise<R>): Promise<R> {
    return this.connection.withMetadata(metadata, fn);
  }

  /** The connection's raw WorkflowService, to call Temporal's gRPC API as it is (see {@link Connection.workflowService}). */
  get workflowService(): WorkflowService {
    return this.connection.workflowService;
  }
}
