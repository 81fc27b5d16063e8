// The flags every client command has (address, auth token, namespace) and the client they give.
import { Client, Connection } from '@rewind/sdk/client';
import { envNamespace } from '@rewind/sdk/internal/transport/env-config';
import { authTokenFlag, clientAuthTokenOf } from './auth-token-flag';
import { str, type Flags } from './command';

/** Where the server is and how to get in (commands whose --namespace means something else take only these). */
export const serverFlags = {
  address: {
    type: 'string' as const,
    description: 'host:port of the Rewind server (env REWIND_ADDRESS, else TEMPORAL_ADDRESS; default 127.0.0.1:7233)',
    default: undefined,
  },
  ...authTokenFlag,
};

export const connectionFlags = {
  ...serverFlags,
  namespace: {
    type: 'string' as const,
    short: 'n',
    description: 'Namespace (env REWIND_NAMESPACE, else TEMPORAL_NAMESPACE; default default)',
    default: undefined,
  },
};

/** Connects, runs `fn` with a client, and closes the connection whatever happens. */
export async function withClient<T>(flags: Flags, fn: (client: Client) => Promise<T>): Promise<T> {
  // Without --address the connection reads REWIND_ADDRESS / TEMPORAL_ADDRESS (and names the variable in its errors).
  const address = str(flags, 'address');
  const namespace = str(flags, 'namespace') || envNamespace();
  const apiKey = clientAuthTokenOf(flags);
  // Its error says what to do when no server answers at that address, or it wants another token.
  const connection = await Connection.connect({ ...(address ? { address } : {}), ...(apiKey ? { apiKey } : {}) });
  try {
    return await fn(new Client({ connection, namespace, identity: `rewind-cli@${process.pid}` }));
  } finally {
    await connection.close();
  }
}
