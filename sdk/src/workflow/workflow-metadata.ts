// Temporal's built-in queries as values and types: `__temporal_workflow_metadata` (the run's type, its
// handlers with their descriptions, its current details) and `__enhanced_stack_trace` (where it waits,
// as source locations), shaped as Temporal's SDK 1.24 answers them.
import type { QueryDefinition } from '../common/interfaces';
import {
  BUILT_IN_QUERIES,
  ENHANCED_STACK_TRACE_QUERY_NAME,
  STACK_TRACE_QUERY_NAME,
  WORKFLOW_METADATA_QUERY_NAME,
} from '../common/reserved-names';

/** A handler of a run: its name and description (Temporal's `temporal.api.sdk.v1.IWorkflowInteractionDefinition`). */
export interface WorkflowInteractionDefinition {
  name?: string | null;
  description?: string | null;
}

/** What a run defines now (Temporal's `temporal.api.sdk.v1.IWorkflowDefinition`). */
export interface WorkflowDefinition {
  type?: string | null;
  queryDefinitions?: WorkflowInteractionDefinition[] | null;
  signalDefinitions?: WorkflowInteractionDefinition[] | null;
  updateDefinitions?: WorkflowInteractionDefinition[] | null;
}

/** The answer of `__temporal_workflow_metadata` (Temporal's `temporal.api.sdk.v1.IWorkflowMetadata`). */
export interface WorkflowMetadata {
  definition?: WorkflowDefinition | null;
  /** What `setCurrentDetails` set last ('' if never). */
  currentDetails?: string | null;
}

/** The SDK that answered an enhanced stack trace. */
export interface StackTraceSDKInfo {
  name: string;
  version: string;
}

/** A slice of a source file, from line `line_offset`. */
export interface StackTraceFileSlice {
  line_offset: number;
  content: string;
}

/** A frame: where in the source, and in which function. */
export interface StackTraceFileLocation {
  file_path?: string;
  line?: number;
  column?: number;
  function_name?: string;
  /** Whether it is the SDK's own code (Temporal's SDK, as Rewind's, sends false). */
  internal_code: boolean;
}

/** One place the workflow waits: the frames that led there, innermost first. */
export interface StackTrace {
  locations: StackTraceFileLocation[];
}

/** The answer of `__enhanced_stack_trace`. */
export interface EnhancedStackTrace {
  sdk: StackTraceSDKInfo;
  /** Source files by path (Rewind, as Temporal's SDK by default, sends none). */
  sources: Record<string, StackTraceFileSlice[]>;
  stacks: StackTrace[];
}

/** The built-in `__stack_trace` query: where the workflow waits, as text. */
export const stackTraceQuery: QueryDefinition<string> = { type: 'query', name: STACK_TRACE_QUERY_NAME };
/** The built-in `__enhanced_stack_trace` query. */
export const enhancedStackTraceQuery: QueryDefinition<EnhancedStackTrace> = { type: 'query', name: ENHANCED_STACK_TRACE_QUERY_NAME };
/** The built-in `__temporal_workflow_metadata` query. */
export const workflowMetadataQuery: QueryDefinition<WorkflowMetadata> = { type: 'query', name: WORKFLOW_METADATA_QUERY_NAME };

type Definitions = Record<'signal' | 'query' | 'update', { name: string; description?: string }[]>;

/**
 * The metadata of a run, as Temporal's SDK builds it: the built-in queries first (with Temporal's
 * descriptions), then the run's own handlers in the order they were set; a handler without a
 * description has none (the JSON answer leaves the key out).
 */
export function workflowMetadata(type: string, handlers: Definitions, currentDetails: string): WorkflowMetadata {
  return {
    definition: {
      type,
      queryDefinitions: [...BUILT_IN_QUERIES.map(({ name, description }) => ({ name, description })), ...handlers.query],
      signalDefinitions: handlers.signal,
      updateDefinitions: handlers.update,
    },
    currentDetails,
  };
}
