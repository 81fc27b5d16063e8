// The input box for arguments as a JSON array, checked as the user types (line and column of a mistake).
import * as vscode from 'vscode';
import type { Payload } from '@rewind/sdk/protocol';
import { checkArgsJson } from '../model/json-input';

/** The arguments, or undefined if the user gave up. */
export async function askArgs(title: string, value = '[]', prompt?: string): Promise<Payload[] | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    value,
    ...(prompt ? { prompt } : {}),
    validateInput: (v) => {
      const check = checkArgsJson(v);
      return check.ok ? undefined : check.message;
    },
    ignoreFocusOut: true,
  });
  if (text === undefined) return undefined;
  const check = checkArgsJson(text);
  return check.ok ? (check.args as Payload[]) : undefined; // Parsed from JSON: JSON values.
}
