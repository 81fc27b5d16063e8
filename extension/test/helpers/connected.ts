// The extension's connection to a test server, once it is connected (ready for calls).
import { ServerConnection } from '../../src/connection/server-connection';

export async function connectedServerConnection(address: string): Promise<ServerConnection> {
  let connected: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const connection = new ServerConnection(address, 'default', {
    onState: () => undefined,
    onConnected: () => connected(),
    onExecutionsChanged: () => undefined,
  });
  connection.start();
  await ready;
  return connection;
}
