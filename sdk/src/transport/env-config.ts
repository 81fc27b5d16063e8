// The one reader of the environment variables that say where the server is and how to get in: Rewind's
// own (REWIND_ADDRESS, REWIND_NAMESPACE, REWIND_AUTH_TOKEN) first, then Temporal's (TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY), so that code and scripts written for Temporal work unchanged.
// It only reads: what an option or a flag says always wins, and is the caller's to check first.
import { ValueError } from '../common/errors';
import { DEFAULT_ADDRESS, DEFAULT_NAMESPACE } from '../protocol/messages';
import { parseAddress } from './address';
import { ConnectionError } from './connection-error';

/** An environment to read (`process.env` unless a test passes its own). */
export type Env = Readonly<Record<string, string | undefined>>;

/** What the environment may set, and its variables, the first set one winning. */
export const ENV_VARIABLES = {
  address: ['REWIND_ADDRESS', 'TEMPORAL_ADDRESS'],
  namespace: ['REWIND_NAMESPACE', 'TEMPORAL_NAMESPACE'],
  apiKey: ['REWIND_AUTH_TOKEN', 'TEMPORAL_API_KEY'],
} as const;

export type EnvSetting = keyof typeof ENV_VARIABLES;

/** A value read from the environment, and the variable it came from (for messages). */
export interface FromEnv {
  value: string;
  variable: string;
}

/**
 * The first of the setting's variables that holds something, trimmed. An empty (or blank) variable
 * counts as unset, so `REWIND_ADDRESS=` falls through to TEMPORAL_ADDRESS and then the default.
 */
export function fromEnv(setting: EnvSetting, env: Env = process.env): FromEnv | undefined {
  for (const variable of ENV_VARIABLES[setting]) {
    const value = env[variable]?.trim();
    if (value) return { value, variable };
  }
  return undefined;
}

/** The server address to use when none is given: the environment's, else 127.0.0.1:7233. Throws a ValueError naming the variable if it is not an address. */
export function envAddress(env: Env = process.env): { address: string; variable?: string } {
  const found = fromEnv('address', env);
  if (!found) return { address: DEFAULT_ADDRESS };
  const isUrl = /^(wss?|https?):\/\//i.test(found.value);
  if (!isUrl && !parseAddress(found.value)) {
    throw new ValueError(
      `${found.variable} holds '${found.value}', which is not a server address: expected host:port, like 127.0.0.1:7233.`,
    );
  }
  return { address: found.value, variable: found.variable };
}

/** The address given as an option if any, else the environment's (see envAddress). */
export function resolveAddress(option: string | undefined, env: Env = process.env): { address: string; variable?: string } {
  return option?.trim() ? { address: option } : envAddress(env);
}

/**
 * A connection error that also says which variable gave the address: one set for a Temporal cluster
 * (TEMPORAL_ADDRESS) is not where a Rewind server runs. Other errors are returned as they are.
 */
export function withAddressSource(err: unknown, variable: string | undefined): unknown {
  if (!variable || !(err instanceof ConnectionError)) return err;
  return new ConnectionError(`${err.message} (The address is from ${variable}.)`, { cause: err.cause });
}

/** The namespace to use when none is given: the environment's, else 'default'. */
export function envNamespace(env: Env = process.env): string {
  return fromEnv('namespace', env)?.value ?? DEFAULT_NAMESPACE;
}
