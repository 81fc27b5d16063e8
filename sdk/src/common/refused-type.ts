// The type of a refused Temporal name (see refused-names.ts): carries the refusal's text, so that a use
// of the name fails type checking with the reason in the error. Types only: nothing at run time.

declare const refused: unique symbol;

/**
 * What a name of Temporal's SDK that Rewind refuses is declared as: not callable, not constructible, with
 * no properties but its message, which type errors quote ("… on type 'Refused<"X (Temporal's) is not in
 * Rewind: …">'").
 */
export interface Refused<Message extends string> {
  readonly [refused]: Message;
}
