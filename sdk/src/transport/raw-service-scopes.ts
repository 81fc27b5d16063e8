// What the client's Connection and the worker's NativeConnection share, as Temporal's do: Temporal's raw gRPC
// services (raw-services.ts) and the scopes that set the deadline, metadata and abort signal of the calls
// made in them. Each connection makes its RawServices from its own options.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallContext, HealthService, Metadata, OperatorService, RawServices, TestService, WorkflowService } from './raw-services';

export abstract class RawServiceScopes {
  /** The deadline, metadata and abort signal of the calls made in a scope (withDeadline, withMetadata, withAbortSignal). */
  readonly callContextStorage = new AsyncLocalStorage<CallContext>();
  protected abstract readonly raw: RawServices;

  /**
   * Temporal's raw WorkflowService, to call any of its methods as Temporal's gRPC API defines them
   * (`await connection.workflowService.describeNamespace({ namespace: 'default' })`): the Rewind server
   * answers them on the same port. Its calls honour {@link withDeadline}, {@link withMetadata},
   * {@link withAbortSignal} and the auth token, and fail with grpc-js' `ServiceError` (`code`, `details`).
   * `@grpc/grpc-js` and `@temporalio/proto` load on first use. The README lists the methods Rewind does not answer.
   */
  get workflowService(): WorkflowService {
    return this.raw.workflowService;
  }

  /** Temporal's raw OperatorService (search attributes, namespaces…), as {@link workflowService}. */
  get operatorService(): OperatorService {
    return this.raw.operatorService;
  }

  /** Temporal's raw TestService (the time-skipping server's clock), as {@link workflowService}. */
  get testService(): TestService {
    return this.raw.testService;
  }

  /** gRPC's HealthService (`check({ service: 'temporal.api.workflowservice.v1.WorkflowService' })`), as {@link workflowService}. */
  get healthService(): HealthService {
    return this.raw.healthService;
  }

  /**
   * Runs `fn` with a deadline for the calls it makes on this connection, as Temporal's: a call still waiting
   * at `deadline` fails with status `DEADLINE_EXCEEDED` (the server may still have done what it asked).
   * Nested, the inner deadline applies.
   *
   * @param deadline a Date, or milliseconds since the epoch.
   * @returns what `fn` returns.
   */
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
    const at = typeof deadline === 'number' ? deadline : deadline.getTime();
    return this.callContextStorage.run({ ...this.callContextStorage.getStore(), deadline: at }, fn);
  }

  /**
   * Runs `fn` with an abort signal for the calls it makes on this connection, as Temporal's: when it fires,
   * the calls still waiting fail with status `CANCELLED`, and later calls fail at once.
   *
   * @returns what `fn` returns.
   */
  withAbortSignal<R>(abortSignal: AbortSignal, fn: () => Promise<R>): Promise<R> {
    return this.callContextStorage.run({ ...this.callContextStorage.getStore(), abortSignal }, fn);
  }

  /**
   * Runs `fn` with gRPC metadata (headers) for the raw services' calls it makes ({@link workflowService}…),
   * as Temporal's; nested, the inner values win. Rewind's own protocol carries no per-call headers.
   *
   * @returns what `fn` returns.
   */
  withMetadata<R>(metadata: Metadata, fn: () => Promise<R>): Promise<R> {
    const cc = this.callContextStorage.getStore();
    return this.callContextStorage.run({ ...cc, metadata: { ...cc?.metadata, ...metadata } }, fn);
  }
}
