// What the mappers of Rewind's events to Temporal's share: their table's type, and what they may know of the run beyond the one event.
import type { EventOf, HistoryEvent, HistoryEventType } from '@rewind/sdk/protocol';
import type { temporal } from './proto';
import type { SearchAttributeTypeLookup } from './search-attributes-typed';

type ProtoEvent = temporal.api.history.v1.IHistoryEvent;

/** The fields of a history event that hold its attributes (one is set, as its type says). */
export type EventAttributes = { [K in keyof ProtoEvent as K extends `${string}EventAttributes` ? K : never]?: ProtoEvent[K] };

/**
 * What Temporal's events repeat from elsewhere in the run, when the caller knows it; a field that needs
 * what it does not give is left unset.
 */
export interface HistoryOutContext {
  /** The run's namespace: written where Temporal names the namespace of a child or external workflow. */
  namespace?: string;
  /** The run's workflow id: WorkflowExecutionStarted's `workflowId`. */
  workflowId?: string;
  /**
   * An earlier event of the same run, by id: a child's workflow type on its closing event, the workflow task
   * an update was sequenced in, the task that initiated a failed child start or external signal.
   */
  event?: (eventId: number) => HistoryEvent | undefined;
  /** The registered type of a search attribute of the run's namespace: what its values are typed as. */
  searchAttributeType?: SearchAttributeTypeLookup;
}

/** How one Rewind event type becomes Temporal's: its EventType and its attributes. */
export interface EventOut<T extends HistoryEventType> {
  type: temporal.api.enums.v1.EventType;
  attributes: (e: EventOf<T>, ctx: HistoryOutContext) => EventAttributes;
}

/** Part of the table of every event type (history-out.ts joins the parts, and a missing type does not compile there). */
export type EventOutTable = { [T in HistoryEventType]?: EventOut<T> };

/** The earlier event `eventId` if it is of type `type`. */
export function eventOf<T extends HistoryEventType>(ctx: HistoryOutContext, eventId: number, type: T): EventOf<T> | undefined {
  const e = ctx.event?.(eventId);
  return e?.type === type ? (e as EventOf<T>) : undefined;
}
