// The sizes the server takes: one WebSocket message, one payload. Counted in UTF-8 bytes.

/** Largest WebSocket message the server accepts. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Largest single payload (an argument, a result, details), as JSON text. */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/** Longest failure message and stack trace the server takes, in characters. */
export const MAX_FAILURE_TEXT = 100_000;
/** Longest error type name. */
export const MAX_ERROR_TYPE = 1000;
