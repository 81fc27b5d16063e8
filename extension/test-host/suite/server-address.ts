// Points the extension at a Rewind server (the setting a user changes) and waits until it is connected.
import * as vscode from 'vscode';
import type { RewindApi } from '../../src/extension';
import { eventually } from './eventually';

export async function useServerAddress(api: RewindApi, address: string, what = `the connection to ${address}`): Promise<void> {
  await vscode.workspace.getConfiguration('rewind').update('serverAddress', address, vscode.ConfigurationTarget.Global);
  await eventually(() => api.connection().state.kind === 'connected' && api.connection().address === address, what, 40_000);
}
