// The options of a signal or query sent by name (Temporal's WorkflowSignalOptions, WorkflowQueryOptions), as
// signalWithOptions / queryWithOptions of a workflow's or a client's handle take them. Pure: sandbox and outside.

/** Options of `handle.signalWithOptions(signalName, options)` (Temporal's `WorkflowSignalOptions`). */
export interface WorkflowSignalOptions<Args extends unknown[] = []> {
  /** The signal's arguments (JSON values). @default none */
  args?: Args;
}

/** Options of `handle.queryWithOptions(queryName, options)` (Temporal's `WorkflowQueryOptions`). */
export interface WorkflowQueryOptions<Args extends unknown[] = []> {
  /** The query's arguments (JSON values). @default none */
  args?: Args;
}

/**
 * The arguments of a `signalWithOptions` / `queryWithOptions` call, its options checked: `what` names the call
 * in the message. Temporal's `typeInfo` is refused, since Rewind's payloads are JSON with one fixed converter.
 *
 * @throws TypeError if the options are not an object, `args` is not an array, or `typeInfo` is given.
 */
export function argsOfCallOptions(what: string, options: WorkflowSignalOptions<unknown[]> | undefined): unknown[] {
  if (options === undefined) return [];
  if (options === null || typeof options !== 'object') throw new TypeError(`${what} takes options as an object, e.g. { args: [1] }.`);
  if ('typeInfo' in options && (options as { typeInfo?: unknown }).typeInfo !== undefined) {
    throw new TypeError(
      `${what}: typeInfo is not supported: Rewind's payloads are JSON with one fixed converter; convert the values to JSON yourself and pass them as args.`,
    );
  }
  if (options.args === undefined) return [];
  if (!Array.isArray(options.args)) throw new TypeError(`${what}: args must be an array of the arguments, e.g. { args: [1] }.`);
  return [...options.args];
}
