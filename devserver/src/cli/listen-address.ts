// Where `rewind server start` and `rewind dev` listen when no --port is given: at the address the
// clients of this environment will use (REWIND_ADDRESS, else TEMPORAL_ADDRESS) when it is this machine.
// It decides only; the commands listen, and print the note.
import { DEFAULT_PORT } from '@rewind/sdk/protocol';
import { parseAddress } from '@rewind/sdk/internal/transport/address';
import { envAddress, type Env } from '@rewind/sdk/internal/transport/env-config';
import { isLoopback } from '../api/bind-policy';

export interface ListenAddress {
  /** Loopback, as the variable names it (without an IPv6 address's brackets). */
  host: string;
  port: number;
  /** The variable it came from, if any. */
  variable?: string;
  /** What to tell the user: the variable names another machine, so its address was not used. */
  note?: string;
}

/** The environment's address, if it names this machine; else 127.0.0.1:7233 (with a note if a variable named another one). */
export function listenAddressFromEnv(env: Env = process.env): ListenAddress {
  const fallback = { host: '127.0.0.1', port: DEFAULT_PORT };
  const { address, variable } = envAddress(env);
  if (!variable) return fallback;
  // A URL (ws://host:port/) is an address too.
  const parsed = parseAddress(address.replace(/^(wss?|https?):\/\//i, '').replace(/\/+$/, ''));
  const host = parsed?.host.replace(/^\[(.*)\]$/, '$1');
  if (!parsed || !host || !isLoopback(host)) {
    return {
      ...fallback,
      note:
        `${variable} is ${address}, not this machine: listening on 127.0.0.1:${DEFAULT_PORT} instead. ` +
        `Clients that read ${variable} will not reach this server; set REWIND_ADDRESS=127.0.0.1:${DEFAULT_PORT} for them (it comes first).`,
    };
  }
  return { host, port: parsed.port, variable };
}
