// What the adapter replays, from the arguments it is launched with: checked by the one definition of the
// launch configuration (launch-arguments.ts), paths taken from its working folder (the workspace
// folder), the workflows module found and the history file read.
import fs from 'node:fs';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isLaunchArguments, launchArgumentsProblem, LAUNCH_ATTRIBUTES } from './launch-arguments';

export interface LaunchPlan {
  /** The history as given: an object, or the text of the file (the runtime parses and checks both). */
  history: unknown;
  workflowsPath: string;
  /** The run's workflow id, when the configuration names it (Debug Replay does): errors name the run. */
  workflowId?: string;
  /** The workflow interceptor modules, absolute (none if the configuration names none). */
  workflowInterceptorModules: string[];
  stopOnEntry: boolean;
}

/** Checks the launch arguments; throws an Error whose message says what is wrong and what to do. */
export function readLaunchArguments(args: DebugProtocol.LaunchRequestArguments, cwd: string): LaunchPlan {
  if (!isLaunchArguments(args)) throw new Error(`The Rewind launch configuration is wrong: ${launchArgumentsProblem(args)}.`);
  const workflowsPath = path.resolve(cwd, args.workflowsPath);
  if (!fs.existsSync(workflowsPath)) {
    throw new Error(`The workflows file ${workflowsPath} does not exist: set "workflowsPath" to your workflows file.`);
  }
  const workflowInterceptorModules = (args.workflowInterceptorModules ?? []).map((m) => path.resolve(cwd, m));
  const missing = workflowInterceptorModules.find((m) => !fs.existsSync(m) && !fs.existsSync(`${m}.ts`) && !fs.existsSync(`${m}.js`));
  if (missing !== undefined) {
    throw new Error(
      `The workflow interceptor module ${missing} does not exist: fix "workflowInterceptorModules" in the launch configuration.`,
    );
  }
  const stopOnEntry = args.stopOnEntry ?? LAUNCH_ATTRIBUTES.stopOnEntry.schema.default ?? true;
  const workflowId = (args as { workflowId?: unknown }).workflowId;
  const code = { workflowsPath, workflowInterceptorModules, stopOnEntry, ...(typeof workflowId === 'string' ? { workflowId } : {}) };
  if (args.history !== undefined) return { history: args.history, ...code };
  const file = path.resolve(cwd, args.historyFile!);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the history file ${file}: ${(err as Error).message}`, { cause: err });
  }
  return { history: text, ...code };
}
