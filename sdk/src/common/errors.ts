// Errors of Rewind itself, named for what happens next; each has a stable `code`.
import { markErrorClass } from './brand';

/** Something that cannot happen did: a bug in Rewind. Report it. */
export class IllegalStateError extends Error {
  readonly code = 'ILLEGAL_STATE';
}
markErrorClass(IllegalStateError, 'IllegalStateError');

/** A value given to an API is not valid; the message says which and why. */
export class ValueError extends Error {
  readonly code = 'INVALID_VALUE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
markErrorClass(ValueError, 'ValueError');

/** Start was refused: a workflow with this id is already running. */
export class WorkflowExecutionAlreadyStartedError extends Error {
  readonly code = 'ALREADY_STARTED';
  constructor(
    message: string,
    public readonly workflowId: string,
    public readonly workflowType: string,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowExecutionAlreadyStartedError, 'WorkflowExecutionAlreadyStartedError');

/** No workflow with this id (and run id) exists in the namespace. */
export class WorkflowNotFoundError extends Error {
  readonly code = 'WORKFLOW_NOT_FOUND';
  constructor(
    message: string,
    public readonly workflowId: string,
    public readonly runId: string | undefined,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowNotFoundError, 'WorkflowNotFoundError');

/** The namespace does not exist. */
export class NamespaceNotFoundError extends Error {
  readonly code = 'NAMESPACE_NOT_FOUND';
  constructor(
    message: string,
    public readonly namespace: string,
  ) {
    super(message);
  }
}
markErrorClass(NamespaceNotFoundError, 'NamespaceNotFoundError');

/** The workflow's code issued commands that its history does not hold; the workflow waits for a fix. */
export class DeterminismViolationError extends Error {
  readonly code = 'NON_DETERMINISTIC';
}
markErrorClass(DeterminismViolationError, 'DeterminismViolationError');
