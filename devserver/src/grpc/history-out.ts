// Rewind's history events as Temporal's HistoryEvent messages, for every event type (one table: a type without its entry does not compile), so that Temporal's SDK replays what Rewind recorded.
import type { EventOf, HistoryEvent, HistoryEventType } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { userMetadataOut } from './headers';
import { COMMAND_EVENTS_OUT } from './history-out-commands';
import type { EventOut, HistoryOutContext } from './history-out-context';
import { WORKFLOW_EVENTS_OUT } from './history-out-workflow';
import { long, timestamp, type temporal } from './proto';

export type { HistoryOutContext } from './history-out-context';

type ProtoEvent = temporal.api.history.v1.IHistoryEvent;

const EVENTS_OUT: { [T in HistoryEventType]: EventOut<T> } = { ...WORKFLOW_EVENTS_OUT, ...COMMAND_EVENTS_OUT };

function eventOut<T extends HistoryEventType>(e: EventOf<T>, ctx: HistoryOutContext): ProtoEvent {
  const out = EVENTS_OUT[e.type as T];
  return {
    eventId: long(e.eventId),
    eventTime: timestamp(e.eventTime),
    eventType: out.type,
    ...out.attributes(e, ctx),
    ...definedFields({ userMetadata: userMetadataOut(e.userMetadata) }),
  };
}

/**
 * One event as Temporal's, from itself alone: the fields Temporal repeats from other events of the run
 * (see HistoryOutContext) are left unset. Takes one argument, so it can be given to `map`.
 */
export function historyEventOut(e: HistoryEvent): ProtoEvent {
  return eventOut(e, {});
}

/**
 * Events of one run as Temporal's, with what Temporal repeats from other events filled in from these
 * events and, for earlier ones (a page of a long history), from `ctx.event`.
 */
export function historyEventsOut(events: readonly HistoryEvent[], ctx: HistoryOutContext = {}): ProtoEvent[] {
  const first = events[0]?.eventId ?? 0;
  const event = (id: number): HistoryEvent | undefined =>
    id >= first && events[id - first]?.eventId === id ? events[id - first] : ctx.event?.(id);
  const full: HistoryOutContext = { ...ctx, event };
  return events.map((e) => eventOut(e, full));
}
