// The `rewind` launch configuration: what it may hold, checked, with the history read (file or inline).
import fs from 'node:fs';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';

/** What the extension (or a launch.json) passes to a `rewind` debug session. */
export interface RewindLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** A history JSON file (`rewind workflow show --output json`, or Temporal's export). */
  historyFile?: string;
  /** The history itself (as read from the server). */
  history?: object;
  /** The workflows file whose code replays the history. */
  workflowsPath: string;
  /** Stop at the first event (default true); else run to the first breakpoint. */
  stopOnEntry?: boolean;
}

export interface LaunchPlan {
  /** The history as given: an object, or the text of the file (the runtime parses and checks both). */
  history: unknown;
  workflowsPath: string;
  stopOnEntry: boolean;
}

/** Checks the launch arguments; throws an Error whose message says what is wrong and what to do. */
export function readLaunchArguments(args: Partial<RewindLaunchArguments>, cwd: string): LaunchPlan {
  if (typeof args.workflowsPath !== 'string' || args.workflowsPath === '') {
    throw new Error('The launch configuration needs "workflowsPath": the workflows file whose code replays the history.');
  }
  const workflowsPath = path.resolve(cwd, args.workflowsPath);
  if (!fs.existsSync(workflowsPath)) {
    throw new Error(`The workflows file ${workflowsPath} does not exist: set "workflowsPath" to your workflows file.`);
  }
  const stopOnEntry = args.stopOnEntry ?? true;
  if (args.history !== undefined) {
    if (typeof args.history !== 'object' || args.history === null) {
      throw new Error('"history" in the launch configuration must be a history object ({ "events": [...] }).');
    }
    return { history: args.history, workflowsPath, stopOnEntry };
  }
  if (typeof args.historyFile !== 'string' || args.historyFile === '') {
    throw new Error('The launch configuration needs "historyFile" (a history JSON file) or "history" (the history itself).');
  }
  const file = path.resolve(cwd, args.historyFile);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the history file ${file}: ${(err as Error).message}`);
  }
  return { history: text, workflowsPath, stopOnEntry };
}
