// Headers and user metadata: values that travel beside a call's arguments. A header is the context
// interceptors and tracing put on a start, a signal, a query, an activity, a child, a marker; user
// metadata is the summary and details a user interface shows for a run, a timer, an activity or a
// child. Both are kept as values (payload.ts): plain JSON, or encoded payloads byte for byte.
import type { JsonValue, Payload } from './payload';
import { object, optional, payload, record } from './schema';

/** A header: payloads by name (Temporal's Header fields). */
export type Header = Record<string, Payload>;

/** A summary and details for user interfaces (Temporal's UserMetadata): by convention each a JSON string. */
export interface UserMetadata {
  summary?: JsonValue;
  details?: JsonValue;
}

/** A header in a request or command: at most 100 fields, each a payload. */
export const headerSchema = () => optional(record(payload(), { maxKeys: 100 }));

/** User metadata in a request or command. */
export const userMetadataSchema = () => optional(object({ summary: payload(), details: payload() }));
