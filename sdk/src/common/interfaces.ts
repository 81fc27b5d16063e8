// Shared shapes of the workflow API (Temporal's @temporalio/common interfaces): workflow functions and
// the definitions of signals, queries and updates that both workflow code and clients use.

/**
 * Any workflow function: async, any arguments. (`any[]` as in Temporal's own definition: parameter types
 * are contravariant, so no narrower type accepts every workflow and still lets untyped starts pass args.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Workflow = (...args: any[]) => Promise<unknown>;

/** What a workflow function's promise resolves to: the type `handle.result()` returns. */
export type WorkflowResultType<W extends Workflow> = Awaited<ReturnType<W>>;

/**
 * A signal, made by `defineSignal`: its name, and its argument types for `setHandler` in the workflow and
 * `handle.signal` in a client.
 */
export interface SignalDefinition<Args extends unknown[] = [], Name extends string = string> {
  type: 'signal';
  /** The name it is sent and handled by. */
  name: Name;
  /** Never set: carries the argument types. */
  __args?: Args;
}

/**
 * A query, made by `defineQuery`: its name, and its argument and answer types for `setHandler` in the
 * workflow and `handle.query` in a client.
 */
export interface QueryDefinition<Ret, Args extends unknown[] = [], Name extends string = string> {
  type: 'query';
  /** The name it is asked and handled by. */
  name: Name;
  /** Never set: carries the argument and return types. */
  __args?: Args;
  __ret?: Ret;
}

/**
 * An update, made by `defineUpdate`: its name, and its argument and result types for `setHandler` in the
 * workflow and `handle.executeUpdate` in a client.
 */
export interface UpdateDefinition<Ret, Args extends unknown[] = [], Name extends string = string> {
  type: 'update';
  /** The name it is sent and handled by. */
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
