// What Signal, Query and Update offer for a run: the handlers its worker reports (Temporal's built-in
// `__temporal_workflow_metadata` query, which both SDKs answer) merged with those the workspace's source
// defines. The worker's word comes first (it knows names built at run time); the source gives argument
// templates where the names match; each offer says where it came from.
import type { ExecutionStatus, Payload } from '@rewind/sdk/protocol';
import type { HandlerDefinition, HandlerKind } from './handler-scan';

/** The query every worker answers with the run's handlers (Temporal's TypeScript SDK 1.24 and Rewind's). */
export const WORKFLOW_METADATA_QUERY = '__temporal_workflow_metadata';

/** A handler the run's worker reports: its name and the description it was set with. */
export interface ReportedHandler {
  name: string;
  description?: string;
}

/** What the worker reports of a run: its handlers by kind, and its current details. */
export interface ReportedHandlers {
  signal: ReportedHandler[];
  query: ReportedHandler[];
  update: ReportedHandler[];
  currentDetails: string;
}

/** One row of the pick. */
export interface HandlerOffer {
  name: string;
  /** The source's definition of the name, when the scan found one (its argument template and types). */
  definition: HandlerDefinition | undefined;
  /** Where the name came from: the run's worker, the workspace's source, or both. */
  from: 'worker' | 'source' | 'worker and source';
  /** The description the handler was set with (the worker's). */
  description?: string;
  /** The scan ties the definition to the run's workflow type (a setHandler in that workflow's source). */
  setByWorkflow: boolean;
  /** One of Temporal's built-in queries (`__stack_trace` …), offered last. */
  builtIn: boolean;
}

const KINDS: readonly { kind: HandlerKind; field: string }[] = [
  { kind: 'signal', field: 'signalDefinitions' },
  { kind: 'query', field: 'queryDefinitions' },
  { kind: 'update', field: 'updateDefinitions' },
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The handlers in an answer of `__temporal_workflow_metadata` (Temporal's WorkflowMetadata as JSON), or
 * undefined when the answer is not one (an old worker, a workflow that answers the name itself).
 */
export function parseWorkflowMetadata(answer: unknown): ReportedHandlers | undefined {
  if (!isRecord(answer) || !isRecord(answer.definition)) return undefined;
  const definition = answer.definition;
  const out: ReportedHandlers = {
    signal: [],
    query: [],
    update: [],
    currentDetails: typeof answer.currentDetails === 'string' ? answer.currentDetails : '',
  };
  for (const { kind, field } of KINDS) {
    const list = definition[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return undefined;
    for (const item of list) {
      if (!isRecord(item) || typeof item.name !== 'string' || item.name === '') continue;
      out[kind].push(
        typeof item.description === 'string' && item.description ? { name: item.name, description: item.description } : { name: item.name },
      );
    }
  }
  return out;
}

/** Temporal's built-in queries (and any name of Temporal's reserved prefix): offered after the workflow's own. */
export function isBuiltInName(name: string): boolean {
  return name.startsWith('__temporal_') || name === '__stack_trace' || name === '__enhanced_stack_trace';
}

/**
 * The offers of one kind: the worker's names first, in its order (the source's definition attached
 * where the name matches), then the source's other names (those the run's workflow sets first, as
 * `scanned` comes from handlersFor), then the built-in queries. Without a report (a closed run, no worker,
 * no answer in time) the source's names alone, as before.
 */
export function mergeHandlerOffers(
  scanned: readonly { definition: HandlerDefinition; setByWorkflow: boolean }[],
  reported: readonly ReportedHandler[] | undefined,
): HandlerOffer[] {
  const bySource = new Map<string, { definition: HandlerDefinition; setByWorkflow: boolean }>();
  for (const s of scanned) if (!bySource.has(s.definition.name)) bySource.set(s.definition.name, s);
  const offers: HandlerOffer[] = [];
  const seen = new Set<string>();
  for (const r of reported ?? []) {
    if (seen.has(r.name)) continue;
    seen.add(r.name);
    const source = bySource.get(r.name);
    offers.push({
      name: r.name,
      definition: source?.definition,
      from: source ? 'worker and source' : 'worker',
      ...(r.description ? { description: r.description } : {}),
      setByWorkflow: source?.setByWorkflow ?? false,
      builtIn: isBuiltInName(r.name),
    });
  }
  for (const s of scanned) {
    if (seen.has(s.definition.name)) continue;
    seen.add(s.definition.name);
    offers.push({ name: s.definition.name, definition: s.definition, from: 'source', setByWorkflow: s.setByWorkflow, builtIn: false });
  }
  return [...offers.filter((o) => !o.builtIn), ...offers.filter((o) => o.builtIn)];
}

/**
 * The pick row's description: where the name came from, then the source's place. `reported` says whether
 * the worker answered at all (a source name it does not list is one the run has not set now).
 */
export function offerDescription(offer: HandlerOffer, workflowType: string | undefined, reported: boolean, where?: string): string {
  const run = workflowType ?? 'this workflow';
  const parts: string[] = [];
  if (offer.from === 'worker')
    parts.push(offer.builtIn ? "built in (the run's worker answers it)" : "from the run's worker (not in the source)");
  else if (offer.from === 'worker and source') parts.push("from the run's worker and the source");
  else if (reported) parts.push("from the source (the run's worker does not list it now)");
  else parts.push(offer.setByWorkflow ? `from the source: set by ${run}` : `from the source: not set by ${run} in its source`);
  if (where && offer.definition) parts.push(where);
  return parts.join(' · ');
}

/** The pick row's detail: the argument types and answer type from the source, then the handler's description. */
export function offerDetail(offer: HandlerOffer): string {
  const d = offer.definition;
  const types = d ? `(${d.args ? d.args.replace(/^\[|\]$/g, '') : ''})${d.returns ? ` → ${d.returns}` : ''}` : '';
  return [types, offer.description ?? ''].filter(Boolean).join(' — ');
}

/** Waits for `promise` at most `ms`; undefined after that or if it fails (the pick does not wait on a silent worker). */
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/** How long the pick waits for the run's worker to report its handlers before it offers the source's alone. */
export const REPORT_WAIT_MS = 2_000;

/**
 * The handlers the run's worker reports, or undefined: for a closed run (nothing to send it), when no
 * worker answers within {@link REPORT_WAIT_MS}, or when the answer is not Temporal's WorkflowMetadata.
 */
export async function reportedHandlers(
  query: (queryType: string) => Promise<{ result?: Payload }>,
  status: ExecutionStatus | undefined,
): Promise<ReportedHandlers | undefined> {
  if (status !== undefined && status !== 'RUNNING') return undefined;
  const answer = await settleWithin(query(WORKFLOW_METADATA_QUERY), REPORT_WAIT_MS);
  return answer ? parseWorkflowMetadata(answer.result) : undefined;
}

/**
 * The row for a name typed into the pick, so that any name can be sent: none when nothing is typed or
 * the name is offered already.
 */
export function typedNameRow(value: string, offered: readonly string[]): { label: string; description: string } | undefined {
  const typed = value.trim();
  if (!typed || offered.includes(typed)) return undefined;
  return { label: typed, description: `send '${typed}' (neither the run's worker nor the source names it)` };
}
