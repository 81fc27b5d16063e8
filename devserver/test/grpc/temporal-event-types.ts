// Test helper: a Temporal history event's type as Rewind names it (EVENT_TYPE_TIMER_FIRED → TimerFired),
// to compare what the two dialects say of one run.
import { temporal } from '../../src/grpc/proto';

const EventType = temporal.api.enums.v1.EventType;

export function rewindEventType(type: temporal.api.enums.v1.EventType | null | undefined): string {
  const name = EventType[type ?? EventType.EVENT_TYPE_UNSPECIFIED];
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __: string, c: string) => c.toUpperCase());
}
