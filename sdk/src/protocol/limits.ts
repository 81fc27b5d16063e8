// The sizes the server takes: one WebSocket message, one payload. Counted in UTF-8 bytes.

/** Largest WebSocket message the server accepts. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Largest single payload (an argument, a result, details), as JSON text. */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
