// Temporal's gRPC API as @temporalio/client exports it, for the raw services of a connection: the service
// classes (Temporal's protobufjs classes, loaded from @temporalio/proto on first touch), the request and
// response types its client names, and its checks of gRPC errors.
import type * as proto from '@temporalio/proto';
import type { ServiceError as GrpcServiceError } from '@grpc/grpc-js';
import { ServiceError } from '../transport/connection-error';

import type * as raw from '../transport/raw-services';

export type { Metadata, CallContext } from '../transport/raw-services';
export type WorkflowService = raw.WorkflowService;
export type OperatorService = raw.OperatorService;
export type TestService = raw.TestService;
export type HealthService = raw.HealthService;

/** A workflow execution as Temporal's client names one. */
export interface WorkflowExecution {
  workflowId: string;
  runId?: string;
}

export type StartWorkflowExecutionRequest = proto.temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest;
export type GetWorkflowExecutionHistoryRequest = proto.temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest;
export type DescribeWorkflowExecutionResponse = proto.temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse;
export type RawWorkflowExecutionInfo = proto.temporal.api.workflow.v1.IWorkflowExecutionInfo;
export type TerminateWorkflowExecutionResponse = proto.temporal.api.workflowservice.v1.ITerminateWorkflowExecutionResponse;
export type RequestCancelWorkflowExecutionResponse = proto.temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionResponse;

type Proto = typeof proto;

/**
 * A service description of @temporalio/proto (a protobufjs reflection object: `WorkflowService.create(rpcImpl)`)
 * that loads the package the first time it is read: importing @rewind/sdk/client costs nothing for it.
 */
function lazyProto<T extends object>(pick: (p: Proto) => T): T {
  let loaded: T | undefined;
  const real = (): T => (loaded ??= pick(require('@temporalio/proto') as Proto));
  // A plain function as the target, so that `new WorkflowService(rpcImpl)` reaches the real class too.
  return new Proxy(function () {} as unknown as T, {
    construct: (_t, args: unknown[]) => Reflect.construct(real() as unknown as new (...a: unknown[]) => object, args),
    apply: (_t, thisArg, args: unknown[]) => Reflect.apply(real() as unknown as (...a: unknown[]) => unknown, thisArg, args),
    get: (_t, key) => {
      const value: unknown = Reflect.get(real(), key);
      // Its methods run on the real object (they cache on `this`).
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real()) : value;
    },
    has: (_t, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}

export const WorkflowService: Proto['temporal']['api']['workflowservice']['v1']['WorkflowService'] = lazyProto(
  (p) => p.temporal.api.workflowservice.v1.WorkflowService,
);
export const OperatorService: Proto['temporal']['api']['operatorservice']['v1']['OperatorService'] = lazyProto(
  (p) => p.temporal.api.operatorservice.v1.OperatorService,
);
export const TestService: Proto['temporal']['api']['testservice']['v1']['TestService'] = lazyProto(
  (p) => p.temporal.api.testservice.v1.TestService,
);
export const HealthService: Proto['grpc']['health']['v1']['Health'] = lazyProto((p) => p.grpc.health.v1.Health);

/** gRPC's status codes these checks look for (grpc-js' `status`). */
const GRPC_STATUS = { CANCELLED: 1, DEADLINE_EXCEEDED: 4 } as const;

/** Whether `err` is an error of a raw service's call (grpc-js' `ServiceError`: `code`, `details`, `metadata`), as Temporal's check. */
export function isGrpcServiceError(err: unknown): err is GrpcServiceError {
  if (!(err instanceof Error)) return false;
  const { details, metadata } = err as Partial<GrpcServiceError>;
  return typeof details === 'string' && typeof metadata === 'object' && metadata !== null;
}

/** Whether `err`, or an error in its chain of causes, ended a call at its status: a raw service's, or one of Rewind's client. */
function endedWith(err: unknown, status: keyof typeof GRPC_STATUS): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (isGrpcServiceError(e) && Number(e.code) === GRPC_STATUS[status]) return true;
    if (e instanceof ServiceError && e.status === status) return true;
  }
  return false;
}

/**
 * Whether `err` (or its cause) is a call that ran past its deadline ({@link Connection.withDeadline}), as
 * Temporal's: a raw service's gRPC error, or the `ServiceError` of Rewind's client, whose status is `DEADLINE_EXCEEDED`.
 */
export function isGrpcDeadlineError(err: unknown): boolean {
  return endedWith(err, 'DEADLINE_EXCEEDED');
}

/** Whether `err` (or its cause) is a call cancelled by its abort signal ({@link Connection.withAbortSignal}), as {@link isGrpcDeadlineError}. */
export function isGrpcCancelledError(err: unknown): boolean {
  return endedWith(err, 'CANCELLED');
}

/** @deprecated Temporal's old name for {@link isGrpcServiceError}. */
export const isServerErrorResponse = isGrpcServiceError;
