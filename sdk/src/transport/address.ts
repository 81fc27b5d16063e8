// Server addresses as Temporal takes them ('localhost:7233') or as URLs ('ws://host:port').
import { DEFAULT_ADDRESS } from '../protocol/messages';
import { ValueError } from '../common/errors';

export function toWebSocketUrl(address: string = DEFAULT_ADDRESS): string {
  const trimmed = address.trim();
  if (/^wss?:\/\//i.test(trimmed)) return trimmed;
  if (/^https?:\/\//i.test(trimmed)) return trimmed.replace(/^http/i, 'ws');
  if (!/^[^\s/]+:\d{1,5}$/.test(trimmed) && !/^\[[0-9a-f:]+\]:\d{1,5}$/i.test(trimmed)) {
    throw new ValueError(`Invalid server address '${address}': expected host:port, like 127.0.0.1:7233.`);
  }
  return `ws://${trimmed}`;
}
