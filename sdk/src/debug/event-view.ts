// An event as the debugger shows it: type, id, time, one-line summary and its own fields.
import type { HistoryEvent } from '../protocol';
import { describeEvent } from '../worker/workflows/determinism';
import type { EventView } from './types';

export function eventView(e: HistoryEvent): EventView {
  const { eventId, eventTime, type, ...attributes } = e;
  return { eventId, type, time: eventTime, summary: describeEvent(e), attributes };
}
