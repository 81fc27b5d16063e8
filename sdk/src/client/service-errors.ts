// Maps the server's refusals to the typed errors a Temporal user expects to catch.
import { NamespaceNotFoundError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '../common/errors';
import { failureToError } from '../common/failure-convert';
import { ServiceError } from '../transport/connection-error';
import { QueryNotRegisteredError, ScheduleAlreadyRunning, ScheduleNotFoundError } from './errors';

/** The gRPC status (INVALID_ARGUMENT) Temporal's client gives a QueryNotRegisteredError as its `code`. */
const GRPC_INVALID_ARGUMENT = 3;

export interface ErrorContext {
  workflowId?: string;
  runId?: string;
  workflowType?: string;
  namespace?: string;
  scheduleId?: string;
}

export function rethrowTyped(err: unknown, ctx: ErrorContext): never {
  if (!(err instanceof ServiceError)) throw err;
  switch (err.data?.name) {
    case 'WorkflowNotFoundError':
      throw new WorkflowNotFoundError(err.message, ctx.workflowId ?? '', ctx.runId);
    case 'WorkflowExecutionAlreadyStartedError':
      throw new WorkflowExecutionAlreadyStartedError(err.message, ctx.workflowId ?? '', ctx.workflowType ?? '');
    case 'ScheduleNotFoundError':
      throw new ScheduleNotFoundError(err.message, ctx.scheduleId ?? '');
    case 'ScheduleAlreadyRunning':
      throw new ScheduleAlreadyRunning(err.message, ctx.scheduleId ?? '');
    case 'NamespaceNotFoundError':
      throw new NamespaceNotFoundError(ctx.namespace ?? '', err.message);
    case 'QueryFailedError': {
      const failure = err.data.failure;
      if (failure?.info.type === 'application' && failure.info.errorType === 'QueryNotRegisteredError') {
        throw new QueryNotRegisteredError(failure.message, GRPC_INVALID_ARGUMENT);
      }
      if (failure) throw failureToError(failure);
      throw err;
    }
    default:
      throw err;
  }
}

/** Runs a server call and raises typed errors. */
export async function typed<T>(ctx: ErrorContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    return rethrowTyped(err, ctx);
  }
}
