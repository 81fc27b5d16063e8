// The entry of the `rewind` debug adapter: a separate Node process speaking DAP on stdin/stdout, so that
// the user's workflow code never loads into the extension host.
import { DebugSession } from '@vscode/debugadapter';
import { RewindDebugSession } from './rewind-debug-session';

// stdout carries the protocol: anything the replayed code or the sdk logs goes to stderr.
console.log = console.info = console.debug = console.error;

DebugSession.run(RewindDebugSession);
