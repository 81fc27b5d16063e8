// The search attributes every namespace has, with their types, as Temporal's server lists them (its
// system and predefined attributes), and the names no custom attribute may take.
import type { SearchAttributeTypeName } from '@rewind/sdk/protocol';

export const SYSTEM_SEARCH_ATTRIBUTES: ReadonlyMap<string, SearchAttributeTypeName> = new Map<string, SearchAttributeTypeName>([
  ['WorkflowId', 'Keyword'],
  ['RunId', 'Keyword'],
  ['WorkflowType', 'Keyword'],
  ['StartTime', 'Datetime'],
  ['ExecutionTime', 'Datetime'],
  ['CloseTime', 'Datetime'],
  ['ExecutionStatus', 'Keyword'],
  ['TaskQueue', 'Keyword'],
  ['HistoryLength', 'Int'],
  ['ExecutionDuration', 'Int'],
  ['StateTransitionCount', 'Int'],
  ['HistorySizeBytes', 'Int'],
  ['ParentWorkflowId', 'Keyword'],
  ['ParentRunId', 'Keyword'],
  ['RootWorkflowId', 'Keyword'],
  ['RootRunId', 'Keyword'],
  // Temporal's predefined attributes: set by the server or the SDK (TemporalChangeVersion by patches).
  ['TemporalChangeVersion', 'KeywordList'],
  ['BinaryChecksums', 'KeywordList'],
  ['BuildIds', 'KeywordList'],
  ['BatcherNamespace', 'Keyword'],
  ['BatcherUser', 'Keyword'],
  ['TemporalScheduledStartTime', 'Datetime'],
  ['TemporalScheduledById', 'Keyword'],
  ['TemporalSchedulePaused', 'Bool'],
  ['TemporalNamespaceDivision', 'Keyword'],
  ['TemporalPauseInfo', 'KeywordList'],
  ['TemporalReportedProblems', 'KeywordList'],
  ['TemporalWorkerDeploymentVersion', 'Keyword'],
  ['TemporalWorkflowVersioningBehavior', 'Keyword'],
  ['TemporalWorkerDeployment', 'Keyword'],
]);

/** Names Temporal keeps for its own fields. */
const RESERVED = new Set(['NamespaceId', 'Memo', 'MemoEncoding', 'VisibilityTaskKey']);

/** Why `name` cannot be a custom attribute, or undefined when it can. */
export function reservedReason(name: string): string | undefined {
  if (SYSTEM_SEARCH_ATTRIBUTES.has(name)) return `${name} is a system search attribute`;
  if (RESERVED.has(name)) return `${name} is a name reserved by the system`;
  if (name.startsWith('Temporal')) return `${name} starts with Temporal, which is reserved for the system's attributes`;
  return undefined;
}
