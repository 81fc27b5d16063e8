// Shared shapes of the workflow API (Temporal's @temporalio/common interfaces): workflow functions and
// the definitions of signals, queries and updates that both workflow code and clients use.

/**
 * Any workflow function: async, any arguments. (`any[]` as in Temporal's own definition: parameter types
 * are contravariant, so no narrower type accepts every workflow and still lets untyped starts pass args.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Workflow = (...args: any[]) => Promise<unknown>;

export type WorkflowResultType<W extends Workflow> = Awaited<ReturnType<W>>;

export interface SignalDefinition<Args extends unknown[] = [], Name extends string = string> {
  type: 'signal';
  name: Name;
  /** Never set: carries the argument types. */
  __args?: Args;
}

export interface QueryDefinition<Ret, Args extends unknown[] = [], Name extends string = string> {
  type: 'query';
  name: Name;
  /** Never set: carries the argument and return types. */
  __args?: Args;
  __ret?: Ret;
}

export interface UpdateDefinition<Ret, Args extends unknown[] = [], Name extends string = string> {
  type: 'update';
  name: Name;
  /** Never set: carries the argument and return types. */
  __args?: Args;
  __ret?: Ret;
}

/** Options with `args` required when the workflow takes arguments (as in Temporal). */
export type WithWorkflowArgs<W extends Workflow, T> = T &
  (Parameters<W> extends [unknown, ...unknown[]]
    ? { args: Parameters<W> | Readonly<Parameters<W>> }
    : { args?: Parameters<W> | Readonly<Parameters<W>> });
