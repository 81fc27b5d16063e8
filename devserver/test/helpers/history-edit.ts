// Edits of recorded histories for replay tests: events removed, the ids after them (and the fields naming them) renumbered.

/**
 * The history without the events `drop` picks (a history as Rewind's JSON holds it, numeric ids, or Temporal's,
 * ids as strings); the events after them take the ids that follow on, and every field naming an event
 * (`eventId`, `…EventId`) is renumbered alike.
 */
export function withoutEvents<H extends { events: object[] }>(history: H, drop: (e: H['events'][number], index: number) => boolean): H {
  const kept = history.events.filter((e, i) => !drop(e, i));
  const idOf = (e: object): number => Number((e as { eventId?: unknown }).eventId);
  const newId = new Map(kept.map((e, i) => [idOf(e), i + 1]));
  const renumber = (key: string, value: unknown): unknown => {
    if (!/^eventId$|EventId$/.test(key) || (typeof value !== 'number' && typeof value !== 'string')) return value;
    const id = newId.get(Number(value));
    return id === undefined ? value : typeof value === 'number' ? id : String(id);
  };
  return { ...history, events: kept.map((e) => JSON.parse(JSON.stringify(e), renumber) as object) };
}
