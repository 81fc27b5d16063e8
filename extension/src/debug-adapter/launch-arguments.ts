// The `rewind` launch configuration's attributes, defined once: their type, the JSON schema that
// package.json declares for launch.json (a test checks they agree), and the checks that say what is
// wrong with one. The extension host checks a configuration with them before it starts a session, the
// adapter checks what it is launched with. No VS Code and no I/O here.
import type { History } from '@rewind/sdk/protocol';

/** What a `rewind` launch configuration holds besides its type, request and name. */
export interface RewindLaunchArguments {
  /** A JSON history file: `rewind workflow show --output json`, Export History, or Temporal's export. */
  historyFile?: string;
  /** The history itself (`{ events: [...] }`), as the extension read it from the server. */
  history?: Pick<History, 'events'>;
  /** The module that exports the workflows whose code replays the history. */
  workflowsPath: string;
  /** Stop at the first event (default true); else run to the first breakpoint. */
  stopOnEntry?: boolean;
  /** Modules whose `interceptors` factories the workflow ran with (the worker's `interceptors.workflowModules`). */
  workflowInterceptorModules?: string[];
}

/** The JSON schema type of a TypeScript type. */
type JsonType<T> = T extends string ? 'string' : T extends boolean ? 'boolean' : T extends readonly unknown[] ? 'array' : 'object';

/** One attribute: its schema in package.json, and what is wrong with a value given for it. */
interface Attribute<T> {
  schema: {
    type: JsonType<T>;
    description: string;
    default?: T;
    properties?: Record<string, { type: string }>;
    items?: { type: string };
  };
  /** A path, or a list of them: relative ones are taken from the workspace folder (the adapter's working folder). */
  isPath?: true;
  /** What is wrong with a value given (not undefined), said so that the user knows what to write. */
  problem(value: unknown): string | undefined;
}

type Attributes = { [K in keyof RewindLaunchArguments]-?: Attribute<NonNullable<RewindLaunchArguments[K]>> };

const NEEDS_WORKFLOWS_PATH =
  'it needs "workflowsPath": the module that exports your workflows (or set workflowsPath in rewind.config.json, rewind.config.ts or the "rewind" field of package.json)';

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v !== '';

export const LAUNCH_ATTRIBUTES: Attributes = {
  historyFile: {
    schema: {
      type: 'string',
      description:
        "A JSON history to replay: from `rewind workflow show --output json`, Export History, or Temporal's `temporal workflow show --output json`. Relative to the workspace folder. Without it (and without `history`) you are asked for one.",
    },
    isPath: true,
    problem: (v) => (isNonEmptyString(v) ? undefined : '"historyFile" must be the path of a JSON history file'),
  },
  history: {
    schema: {
      type: 'object',
      description: 'The history itself, inline: `{ "events": [...] }` (Debug Replay passes the run\'s history this way).',
      properties: { events: { type: 'array' } },
    },
    problem: (v) =>
      Array.isArray((v as { events?: unknown } | null)?.events)
        ? undefined
        : '"history" must be an object with an "events" array, as `rewind workflow show --output json` writes',
  },
  workflowsPath: {
    schema: {
      type: 'string',
      description:
        'The module that exports your workflows (absolute, or relative to the workspace folder); its code replays the history. Default: workflowsPath from the project\'s Rewind configuration (rewind.config.json, rewind.config.ts or the "rewind" field of package.json).',
    },
    isPath: true,
    problem: (v) => (isNonEmptyString(v) ? undefined : NEEDS_WORKFLOWS_PATH),
  },
  stopOnEntry: {
    schema: { type: 'boolean', description: 'Stop at the first event of the history.', default: true },
    problem: (v) => (typeof v === 'boolean' ? undefined : '"stopOnEntry" must be true or false'),
  },
  workflowInterceptorModules: {
    schema: {
      type: 'array',
      items: { type: 'string' },
      description:
        "The modules whose `interceptors` factories the workflow ran with (the worker's `interceptors.workflowModules`), absolute or relative to the workspace folder: a history recorded with interceptors replays only with them.",
    },
    isPath: true,
    problem: (v) =>
      Array.isArray(v) && v.every(isNonEmptyString)
        ? undefined
        : '"workflowInterceptorModules" must be a list of module paths, as the worker\'s interceptors.workflowModules',
  },
};

const NAMES = Object.keys(LAUNCH_ATTRIBUTES) as (keyof RewindLaunchArguments)[];

/** The attributes that are paths. */
export const PATH_ATTRIBUTES = NAMES.filter((name) => LAUNCH_ATTRIBUTES[name].isPath);

/** `contributes.debuggers[].configurationAttributes.launch` of package.json, as the attributes define it. */
export function launchSchema(): { required: string[]; properties: Record<string, Attributes[keyof Attributes]['schema']> } {
  return { required: [], properties: Object.fromEntries(NAMES.map((name) => [name, LAUNCH_ATTRIBUTES[name].schema])) };
}

/**
 * What is wrong with a launch configuration once its variables are substituted (undefined if nothing),
 * said so that the user knows what to write: a missing workflowsPath, no history or two, a wrong value.
 */
export function launchArgumentsProblem(config: object): string | undefined {
  const c = config as Readonly<Record<string, unknown>>;
  if (c.workflowsPath === undefined) return NEEDS_WORKFLOWS_PATH;
  if (c.history !== undefined && c.historyFile !== undefined) return 'give either "history" or "historyFile", not both';
  if (c.history === undefined && c.historyFile === undefined) return 'it needs "historyFile" (or an inline "history")';
  for (const name of NAMES) {
    const value = c[name];
    const problem = value === undefined ? undefined : LAUNCH_ATTRIBUTES[name].problem(value);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Whether a configuration's arguments are right (launchArgumentsProblem says nothing). */
export const isLaunchArguments = <T extends object>(config: T): config is T & RewindLaunchArguments =>
  launchArgumentsProblem(config) === undefined;
