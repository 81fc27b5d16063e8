// The replay debugger's part in the extension: the adapter factory, the launch configuration provider
// and the Debug Replay / Replay History File… / Open in Node debugger / Step Back Into and Out commands, registered
// for activate() to keep.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ServerConnection } from '../connection/server-connection';
import type { WorkflowScanner } from '../workspace/workflow-scanner';
import { RewindAdapterFactory } from './adapter-factory';
import { RewindConfigurationProvider } from './configuration-provider';
import { DEBUG_TYPE } from './launch-config';
import { registerOpenInNodeDebugger } from './open-in-node-debugger';
import { registerReplayCommands } from './replay-commands';
import { registerStepBackCommands } from './step-back-commands';

export function registerDebugLaunch(
  extensionPath: string,
  connection: () => ServerConnection,
  selection: () => readonly { kind: string }[],
  scanner: WorkflowScanner,
): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugAdapterDescriptorFactory(
      DEBUG_TYPE,
      new RewindAdapterFactory(path.join(extensionPath, 'dist', 'debug-adapter.js')),
    ),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new RewindConfigurationProvider(scanner, connection)),
    ...registerReplayCommands(connection, selection, scanner),
    registerOpenInNodeDebugger(extensionPath),
    ...registerStepBackCommands(),
  ];
}
