// Errors a client raises, with Temporal's names.
import { markErrorClass } from '../common/brand';
import type { RetryState } from '../common/failures';
import { TemporalFailure } from '../common/failures';

/**
 * Thrown by `handle.result()` and `client.workflow.execute()` when the workflow closed without a result:
 * it failed, was cancelled, terminated or timed out, and `cause` says which (as Temporal's): an
 * `ApplicationFailure` (or an `ActivityFailure`, `ChildWorkflowFailure` … the code let through), a
 * `CancelledFailure`, a `TerminatedFailure` or a `TimeoutFailure`. Unlike Temporal's bare "Workflow
 * execution failed", the message also says the cause chain and where it happened:
 * `Workflow execution failed: activity processPayment (attempt 3) failed: card declined (ApplicationFailure CardDeclined)`.
 */
export class WorkflowFailedError extends Error {
  constructor(
    message: string,
    /** Why the workflow closed without a result (see above). */
    public override readonly cause: TemporalFailure | undefined,
    /** `'TIMEOUT'` for a workflow that timed out, else `'NON_RETRYABLE_FAILURE'`. */
    public readonly retryState: RetryState,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowFailedError, 'WorkflowFailedError');

/**
 * Thrown by `handle.result({ followRuns: false })` when the run continued as new (or, for a cron
 * workflow, was followed by its next run) instead of closing with a result.
 */
export class WorkflowContinuedAsNewError extends Error {
  constructor(
    message: string,
    /** The run that continues the workflow: get its result with `client.workflow.getHandle(workflowId, newExecutionRunId)`. */
    public readonly newExecutionRunId: string,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowContinuedAsNewError, 'WorkflowContinuedAsNewError');

/**
 * Thrown by `handle.query()` when the workflow has no handler for the query's name (a typo, or a handler
 * set only later in the run); the message lists the queries it knows.
 */
export class QueryNotRegisteredError extends Error {
  constructor(
    message: string,
    /** The gRPC status Temporal's carries for this refusal: 3 (`INVALID_ARGUMENT`). */
    public readonly code: number,
  ) {
    super(message);
  }
}
markErrorClass(QueryNotRegisteredError, 'QueryNotRegisteredError');

/**
 * Thrown by `executeUpdate` and an update handle's `result()` when the update did not
 * produce a result: its validator rejected it, its handler threw, no handler for it was set by the end of
 * the workflow task, or the workflow closed first. `cause` says which, as in Temporal.
 */
export class WorkflowUpdateFailedError extends Error {
  constructor(
    message: string,
    /** The failure: usually an `ApplicationFailure` with the validator's or handler's error. */
    public override readonly cause: TemporalFailure | undefined,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowUpdateFailedError, 'WorkflowUpdateFailedError');

/** Thrown by a schedule handle's methods when the namespace has no schedule with its id (never made, or deleted). */
export class ScheduleNotFoundError extends Error {
  constructor(
    message: string,
    /** The id asked for. */
    public readonly scheduleId: string,
  ) {
    super(message);
  }
}
markErrorClass(ScheduleNotFoundError, 'ScheduleNotFoundError');

/** Thrown by `client.schedule.create()` when the namespace has a schedule with that id already. */
export class ScheduleAlreadyRunning extends Error {
  constructor(
    message: string,
    /** The id that is taken. */
    public readonly scheduleId: string,
  ) {
    super(message);
  }
}
markErrorClass(ScheduleAlreadyRunning, 'ScheduleAlreadyRunning');
