// Temporal's loose types of workflow functions and message handlers (`any` as Temporal's: they type
// handlers whose arguments the caller decides), for code that names them.
/* eslint-disable @typescript-eslint/no-explicit-any -- Temporal's shapes, which any typed handler must fit. */
import type { HandlerUnfinishedPolicy } from './handler-unfinished-policy';

/** What a workflow function returns (Temporal's `WorkflowReturnType`): a promise of its result. */
export type WorkflowReturnType = Promise<any>;

/** An update handler (Temporal's `WorkflowUpdateType`): its result, or a promise of it. */
export type WorkflowUpdateType = (...args: any[]) => Promise<any> | any;

/** An update validator (Temporal's `WorkflowUpdateValidatorType`): throws to reject the update. */
export type WorkflowUpdateValidatorType = (...args: any[]) => void;

/** An update handler with its options (Temporal's `WorkflowUpdateAnnotatedType`). */
export interface WorkflowUpdateAnnotatedType {
  handler: WorkflowUpdateType;
  unfinishedPolicy: HandlerUnfinishedPolicy;
  validator?: WorkflowUpdateValidatorType;
  description?: string;
}

/** A signal handler (Temporal's `WorkflowSignalType`). */
export type WorkflowSignalType = (...args: any[]) => Promise<void> | void;

/** A signal handler with its options (Temporal's `WorkflowSignalAnnotatedType`). */
export interface WorkflowSignalAnnotatedType {
  handler: WorkflowSignalType;
  unfinishedPolicy: HandlerUnfinishedPolicy;
  description?: string;
}

/** A query handler (Temporal's `WorkflowQueryType`): must not change the workflow's state. */
export type WorkflowQueryType = (...args: any[]) => any;

/** A query handler with its options (Temporal's `WorkflowQueryAnnotatedType`). */
export interface WorkflowQueryAnnotatedType {
  handler: WorkflowQueryType;
  description?: string;
}
