// The flags every client command has (address, auth token, namespace) and the client they give.
import { DEFAULT_ADDRESS, DEFAULT_NAMESPACE } from '@rewind/sdk/protocol';
import { Client, Connection } from '@rewind/sdk/client';
import { authTokenFlag, authTokenOf } from './auth-token-flag';
import { str, type Flags } from './command';

/** Where the server is and how to get in (commands whose --namespace means something else take only these). */
export const serverFlags = {
  address: { type: 'string' as const, description: 'host:port of the Rewind server (env REWIND_ADDRESS)', default: undefined },
  ...authTokenFlag,
};

export const connectionFlags = {
  ...serverFlags,
  namespace: { type: 'string' as const, short: 'n', description: 'Namespace (env REWIND_NAMESPACE)', default: undefined },
};

/** Connects, runs `fn` with a client, and closes the connection whatever happens. */
export async function withClient<T>(flags: Flags, fn: (client: Client) => Promise<T>): Promise<T> {
  const address = str(flags, 'address') || process.env.REWIND_ADDRESS || DEFAULT_ADDRESS;
  const namespace = str(flags, 'namespace') || process.env.REWIND_NAMESPACE || DEFAULT_NAMESPACE;
  const apiKey = authTokenOf(flags);
  // Its error says what to do when no server answers at that address, or it wants another token.
  const connection = await Connection.connect({ address, ...(apiKey ? { apiKey } : {}) });
  try {
    return await fn(new Client({ connection, namespace, identity: `rewind-cli@${process.pid}` }));
  } finally {
    await connection.close();
  }
}
