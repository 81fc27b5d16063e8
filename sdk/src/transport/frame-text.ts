// The text of one WebSocket message as `ws` hands it over: a Buffer (its default), else an ArrayBuffer or fragments.
import type { RawData } from 'ws';

/** The message's bytes read as UTF-8, whichever form `ws` gave them in. */
export function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}
