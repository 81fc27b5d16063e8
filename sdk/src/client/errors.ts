// Errors a client raises, with Temporal's names.
import { markErrorClass } from '../common/brand';
import type { RetryState } from '../common/failures';
import { TemporalFailure } from '../common/failures';

/**
 * The workflow closed without a result: failed, cancelled, terminated or timed out; `cause` says which
 * (as Temporal's). Unlike Temporal's bare 'Workflow execution failed', the message also says the cause
 * chain and where it happened: 'Workflow execution failed: activity processPayment (attempt 3) failed:
 * card declined (ApplicationFailure CardDeclined)'.
 */
export class WorkflowFailedError extends Error {
  constructor(
    message: string,
    public override readonly cause: TemporalFailure | undefined,
    public readonly retryState: RetryState,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowFailedError, 'WorkflowFailedError');

/** The run continued as a new run and the handle was asked not to follow runs. */
export class WorkflowContinuedAsNewError extends Error {
  constructor(
    message: string,
    public readonly newExecutionRunId: string,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowContinuedAsNewError, 'WorkflowContinuedAsNewError');

/** The workflow has no handler for this query. */
export class QueryNotRegisteredError extends Error {
  constructor(
    message: string,
    public readonly code: string,
  ) {
    super(message);
  }
}
markErrorClass(QueryNotRegisteredError, 'QueryNotRegisteredError');

/** An update failed: its validator rejected it, its handler threw, or the workflow closed first; `cause` says which. */
export class WorkflowUpdateFailedError extends Error {
  constructor(
    message: string,
    public override readonly cause: TemporalFailure | undefined,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowUpdateFailedError, 'WorkflowUpdateFailedError');

/** No schedule with this id. */
export class ScheduleNotFoundError extends Error {
  constructor(
    message: string,
    public readonly scheduleId: string,
  ) {
    super(message);
  }
}
markErrorClass(ScheduleNotFoundError, 'ScheduleNotFoundError');

/** A schedule with this id exists already. */
export class ScheduleAlreadyRunning extends Error {
  constructor(
    message: string,
    public readonly scheduleId: string,
  ) {
    super(message);
  }
}
markErrorClass(ScheduleAlreadyRunning, 'ScheduleAlreadyRunning');
