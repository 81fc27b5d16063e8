// How the SDK's connections (the client's Connection, the worker's NativeConnection) reach a server: the
// address and auth token from their options or the environment, identity and timeouts, then the RPC client.
// A failure to connect says which variable gave the address.
import { definedFields } from '../common/defined-fields';
import { resolveAuthToken } from './auth-token';
import { resolveAddress, withAddressSource } from './env-config';
import { RpcClient, type RpcClientOptions } from './rpc-client';

/** What a connection's user says about the server and the wait for it (each connection documents its own). */
export interface ServerOptions {
  /** host:port; default REWIND_ADDRESS, else TEMPORAL_ADDRESS, else 127.0.0.1:7233. */
  address?: string;
  /** Default REWIND_AUTH_TOKEN, else TEMPORAL_API_KEY, if set. A function is called for each (re)connection. */
  apiKey?: string | (() => string);
  identity?: string;
  /** How long to try the first connection, in ms (the RPC client's default when left out). */
  connectTimeout?: number;
  /** How long a call waits for the server to come back, in ms (the RPC client's default when left out). */
  reconnectWait?: number;
}

/** What the connection does with the RPC client's life: its name for the server's log and its callbacks. */
export type ConnectionHooks = Omit<RpcClientOptions, 'address' | 'authToken' | 'identity' | 'connectTimeoutMs' | 'reconnectWaitMs'>;

/** Connects to the server `options` name, or fails with a `ConnectionError` that also says where the address came from. */
export async function connectToServer(options: ServerOptions, hooks: ConnectionHooks): Promise<RpcClient> {
  const { apiKey } = options;
  // A function is read for each (re)connection, and checked each time.
  const authToken = typeof apiKey === 'function' ? () => resolveAuthToken(apiKey()) : resolveAuthToken(apiKey);
  const { address, variable } = resolveAddress(options.address);
  return RpcClient.connect({
    address,
    // An empty token or identity is none.
    ...definedFields({
      authToken: typeof authToken === 'function' ? authToken : authToken || undefined,
      identity: options.identity || undefined,
      connectTimeoutMs: options.connectTimeout,
      reconnectWaitMs: options.reconnectWait,
    }),
    ...hooks,
  }).catch((err: unknown) => {
    throw withAddressSource(err, variable);
  });
}
