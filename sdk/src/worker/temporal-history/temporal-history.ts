// Histories exported from Temporal (`temporal workflow show --output json`, the Web UI's download:
// proto3 JSON, `EVENT_TYPE_…` or older `WorkflowExecutionStarted`-style names) as Rewind histories,
// so the same workflow code replays them. Pure: JSON in, History out, or an error naming the event.
//
// Events Rewind skips, because workflow code never sees them (ids after them are renumbered, and
// every reference with them): UPDATE_ADMITTED (the update is replayed from its ACCEPTED event),
// UPDATE_REJECTED, WORKFLOW_EXECUTION_OPTIONS_UPDATED, *_PROPERTIES_MODIFIED_EXTERNALLY, and any event
// marked workerMayIgnore. Events it refuses: Nexus.
import { ValueError } from '../../common/errors';
import type { History, HistoryEvent, HistoryEventType } from '../../protocol';
import { COMMAND_EVENT_MAPPERS } from './temporal-events-commands';
import { WORKFLOW_EVENT_MAPPERS, type ConvertContext } from './temporal-events-workflow';
import { enumWords, Fields } from './temporal-json';

const MAPPERS = { ...WORKFLOW_EVENT_MAPPERS, ...COMMAND_EVENT_MAPPERS };
type TemporalEventType = keyof typeof MAPPERS;

// Every Rewind event type has a Temporal event that maps to it (a compile error otherwise).
type Produced = ReturnType<(typeof MAPPERS)[TemporalEventType]>['type'];
const everyRewindTypeMapped: [Exclude<HistoryEventType, Produced>] extends [never] ? true : never = true;
void everyRewindTypeMapped;

/** Why each skipped event type does not matter to a replay. */
const SKIPPED: Record<string, string> = {
  WORKFLOW_EXECUTION_UPDATE_ADMITTED: 'the update is replayed from its UPDATE_ACCEPTED event',
  WORKFLOW_EXECUTION_UPDATE_REJECTED: 'a rejected update changed nothing in the workflow',
  WORKFLOW_EXECUTION_OPTIONS_UPDATED: 'versioning overrides and callbacks are the server’s; workflow code never sees them',
  WORKFLOW_PROPERTIES_MODIFIED_EXTERNALLY: 'Temporal does not use it; workflow code never sees it',
  ACTIVITY_PROPERTIES_MODIFIED_EXTERNALLY: 'it changes the server’s retry policy of an activity; workflow code never sees it',
};

function refusal(type: string): string {
  if (type.startsWith('NEXUS_OPERATION_')) return 'Rewind has no Nexus operations';
  return 'Rewind does not know this event type (a newer Temporal, or another product’s history?)';
}

/** The events of a Temporal export: `{ events }`, or `{ history: { events } }` as GetWorkflowExecutionHistory answers. */
function temporalEvents(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { events?: unknown; history?: { events?: unknown } };
  const events = Array.isArray(v.events) ? v.events : Array.isArray(v.history?.events) ? v.history.events : undefined;
  return events;
}

/** Whether a parsed JSON value looks like a Temporal history (an `eventType` name, or event ids as strings). */
export function isTemporalHistory(value: unknown): boolean {
  const first = temporalEvents(value)?.[0] as { eventType?: unknown; eventId?: unknown; type?: unknown } | undefined;
  if (!first || typeof first !== 'object') return false;
  return first.type === undefined && (typeof first.eventType === 'string' || typeof first.eventId === 'string');
}

function attributesKey(type: string): string {
  const camel = type.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return `${camel}EventAttributes`;
}

interface Entry {
  raw: Fields;
  id: number;
  type: string;
  /** The name as the file spells it, for errors. */
  spelled: string;
  skip: boolean;
}

function readEntries(events: unknown[]): Entry[] {
  return events.map((raw, i) => {
    const e = Fields.of(raw, `events[${i}]`);
    const id = e.int('eventId');
    if (id !== i + 1) {
      throw new ValueError(
        `Temporal history: events[${i}] has eventId ${JSON.stringify(e.raw('eventId'))}, expected "${i + 1}": export the whole history (every event from 1, in order).`,
      );
    }
    const spelled = e.str('eventType');
    if (!spelled) throw new ValueError(`Temporal history: event ${id} has no eventType.`);
    const type = enumWords(spelled, 'EVENT_TYPE_');
    const skip = type in SKIPPED || e.bool('workerMayIgnore');
    if (!skip && !(type in MAPPERS)) {
      throw new ValueError(`Temporal history: event ${id} (${spelled}) cannot be replayed by Rewind: ${refusal(type)}.`);
    }
    return { raw: e, id, type, spelled, skip };
  });
}

/** Converts a Temporal history to Rewind's; throws a ValueError naming the event and what to do when it cannot. */
export function convertTemporalHistory(value: unknown, ids: { workflowId?: string; runId?: string } = {}): History {
  const events = temporalEvents(value);
  if (!events || events.length === 0) throw new ValueError('Temporal history: expected { "events": [...] } with at least one event.');
  const entries = readEntries(events);
  const renumbered = new Map<number, number>();
  let next = 1;
  for (const e of entries) if (!e.skip) renumbered.set(e.id, next++);
  const ctx: ConvertContext = {
    ref: (id) => renumbered.get(id) ?? id,
    lastTaskCompleted: 0,
    admitted: new Map(),
    runId: ids.runId ?? 'temporal-replay-run',
  };
  const out: HistoryEvent[] = [];
  for (const e of entries) {
    const key = attributesKey(e.type);
    const where = `event ${e.id} (${e.spelled})`;
    const attrs = Fields.of(e.raw.raw(key), `${where}.${key}`);
    if (e.type === 'WORKFLOW_EXECUTION_UPDATE_ADMITTED') {
      const request = attrs.child('request');
      ctx.admitted.set(request.child('meta').str('updateId'), request);
    }
    if (e.skip) continue;
    const body = MAPPERS[e.type as TemporalEventType](attrs, ctx);
    const eventId = renumbered.get(e.id)!;
    out.push({ eventId, eventTime: e.raw.time('eventTime'), ...body } as HistoryEvent);
    if (body.type === 'WorkflowTaskCompleted') ctx.lastTaskCompleted = eventId;
  }
  const first = out[0];
  if (first?.type !== 'WorkflowExecutionStarted') {
    throw new ValueError(
      `Temporal history: the first event is ${entries[0]!.spelled}, not WORKFLOW_EXECUTION_STARTED: export the whole history.`,
    );
  }
  const startedAttrs = entries[0]!.raw.child('workflowExecutionStartedEventAttributes');
  const workflowId = ids.workflowId ?? startedAttrs.optStr('workflowId');
  const history: History = { events: out, ...(workflowId ? { workflowId } : {}), ...(ids.runId ? { runId: ids.runId } : {}) };
  readFromTemporal.add(history);
  return history;
}

/** The histories this reader made: Temporal's SDKs recorded them (kept beside, not in, Rewind's History shape). */
const readFromTemporal = new WeakSet<History>();

/**
 * Whether `history` is one {@link convertTemporalHistory} read from Temporal's JSON: its tasks were recorded by
 * Temporal's SDKs, so one whose completion names no SDK (no sdkMetadata at all) replays as Temporal's, not as
 * an old Rewind history's.
 */
export function isReadFromTemporal(history: History): boolean {
  return readFromTemporal.has(history);
}
