// Server addresses as Temporal takes them ('localhost:7233', or a bare host for port 7233) or as URLs ('ws://host:port').
import { DEFAULT_ADDRESS, DEFAULT_PORT } from '../protocol/messages';
import { ValueError } from '../common/errors';

/** A host name or IPv4 address (no colon), or an IPv6 address in brackets; then an optional port. */
const HOST_PORT = /^(?<host>[^\s/:[\]]+|\[[0-9a-f:.]+\])(?::(?<port>\d{1,5}))?$/i;

/**
 * The host and port of a `host:port` address; a bare host gets port 7233, as in Temporal's SDK. The
 * host of an IPv6 address keeps its brackets. Undefined when `address` is not of that form.
 */
export function parseAddress(address: string): { host: string; port: number } | undefined {
  const m = HOST_PORT.exec(address.trim());
  if (!m?.groups) return undefined;
  const port = m.groups.port === undefined ? DEFAULT_PORT : Number(m.groups.port);
  if (port > 65535) return undefined;
  return { host: m.groups.host!, port };
}

/**
 * The WebSocket URL of a server address. `source` names where the address came from (an option, an
 * environment variable) in the error thrown for one that is not an address.
 */
export function toWebSocketUrl(address: string = DEFAULT_ADDRESS, source?: string): string {
  const trimmed = address.trim();
  if (/^wss?:\/\//i.test(trimmed)) return trimmed;
  if (/^https?:\/\//i.test(trimmed)) return trimmed.replace(/^http/i, 'ws');
  const parsed = parseAddress(trimmed);
  if (!parsed) {
    throw new ValueError(`Invalid server address '${address}'${source ? ` in ${source}` : ''}: expected host:port, like 127.0.0.1:7233.`);
  }
  return `ws://${parsed.host}:${parsed.port}`;
}
