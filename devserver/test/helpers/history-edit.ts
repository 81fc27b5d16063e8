// Edits of recorded histories for replay tests: events removed, the ids after them (and the fields naming them) renumbered.

/** A history as Rewind's (numeric ids) or Temporal's JSON (ids as strings) holds it. */
interface AnyHistory<E> {
  events: E[];
}

/**
 * The history without the events `drop` picks; the events after them take the ids that follow on, and every
 * field naming an event (`eventId`, `…EventId`), as a number or Temporal's string, is renumbered alike.
 */
export function withoutEvents<E extends object, H extends AnyHistory<E>>(history: H, drop: (e: E, index: number) => boolean): H {
  const kept = history.events.filter((e, i) => !drop(e, i));
  const idOf = (e: E): number => Number((e as { eventId?: unknown }).eventId);
  const newId = new Map(kept.map((e, i) => [idOf(e), i + 1]));
  const renumber = (key: string, value: unknown): unknown => {
    if (!/^eventId$|EventId$/.test(key) || (typeof value !== 'number' && typeof value !== 'string')) return value;
    const id = newId.get(Number(value));
    return id === undefined ? value : typeof value === 'number' ? id : String(id);
  };
  return { ...history, events: kept.map((e) => JSON.parse(JSON.stringify(e), renumber) as E) };
}
