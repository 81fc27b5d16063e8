// The version of this server and CLI: the package's own, reported in the handshake, the server's banner and `rewind --version`.
import { PROTOCOL_VERSION } from '@rewind/sdk/protocol';

/** @rewind/devserver's version, read from its package.json (so that a release changes it in one place). */
export const SERVER_VERSION: string = (require('@rewind/devserver/package.json') as { version: string }).version;

/** What `rewind --version` prints: as `temporal --version`, the tool's version, then what it speaks. */
export function versionText(): string {
  return `rewind version ${SERVER_VERSION} (protocol ${PROTOCOL_VERSION}, Node.js ${process.version})`;
}
