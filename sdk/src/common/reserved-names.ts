// The names Temporal keeps for itself (1.24): its built-in queries, and the `__temporal_` prefix that no
// workflow may use for a signal, query or update handler of its own.

export const TEMPORAL_RESERVED_PREFIX = '__temporal_';
/** Where the workflow waits, as text. */
export const STACK_TRACE_QUERY_NAME = '__stack_trace';
/** Where the workflow waits, as source locations (Temporal's `EnhancedStackTrace`). */
export const ENHANCED_STACK_TRACE_QUERY_NAME = '__enhanced_stack_trace';
/** The workflow's type, its handlers (with descriptions) and its current details (Temporal's `WorkflowMetadata`). */
export const WORKFLOW_METADATA_QUERY_NAME = '__temporal_workflow_metadata';

/** The built-in queries, in the order Temporal's SDK lists them first among a run's queries, with its descriptions. */
export const BUILT_IN_QUERIES: readonly { readonly name: string; readonly description: string }[] = [
  { name: STACK_TRACE_QUERY_NAME, description: 'Returns a sensible stack trace.' },
  { name: ENHANCED_STACK_TRACE_QUERY_NAME, description: 'Returns a stack trace annotated with source information.' },
  { name: WORKFLOW_METADATA_QUERY_NAME, description: 'Returns metadata associated with this workflow.' },
];

/** What may carry a name (Temporal's ReservedNameEntityType, the kinds a workflow sets handlers for). */
export type ReservedNameKind = 'signal' | 'query' | 'update';

/** Names of Temporal's own contrib packages allowed the reserved prefix, each for one kind (as Temporal's list). */
const ALLOWED_RESERVED: ReadonlyMap<string, ReservedNameKind> = new Map([
  ['__temporal_workflow_stream_publish', 'signal'],
  ['__temporal_workflow_stream_poll', 'update'],
  ['__temporal_workflow_stream_offset', 'query'],
]);

/** A message the SDK answers itself, never through the inbound interceptors (as Temporal's). */
export function isInternalName(name: string): boolean {
  return name.startsWith(TEMPORAL_RESERVED_PREFIX) || name === STACK_TRACE_QUERY_NAME || name === ENHANCED_STACK_TRACE_QUERY_NAME;
}

/** Throws Temporal's TypeError for a handler name a workflow may not use. */
export function throwIfReservedName(kind: ReservedNameKind, name: string): void {
  if (name.startsWith(TEMPORAL_RESERVED_PREFIX) && ALLOWED_RESERVED.get(name) !== kind) {
    throw new TypeError(`Cannot use ${kind} name: '${name}', with reserved prefix: '${TEMPORAL_RESERVED_PREFIX}'`);
  }
  if (name === STACK_TRACE_QUERY_NAME || name === ENHANCED_STACK_TRACE_QUERY_NAME) {
    throw new TypeError(`Cannot use ${kind} name: '${name}', which is a reserved name`);
  }
}
