// Temporal's `toPayloads`: values to payloads through a payload converter (what an interceptor or a codec
// uses); Rewind's own helper for its wire values is `toPayloads` in payloads.ts, not exported here.

/** What {@link toPayloads} needs of a payload converter (Temporal's `PayloadConverter.toPayload`). */
export interface ToPayloadConverter<P> {
  /** The payload of `value`; throws if the converter cannot convert it. */
  toPayload<T>(value: T): P;
}

/**
 * Each value as a payload, through `converter` (`defaultPayloadConverter`, or a converter of your own), as
 * Temporal's `toPayloads`: undefined when there are no values.
 *
 * @throws what the converter throws for a value it cannot convert.
 */
export function toPayloads<P>(converter: ToPayloadConverter<P>, ...values: unknown[]): P[] | undefined {
  if (values.length === 0) return undefined;
  return values.map((value) => converter.toPayload(value));
}
