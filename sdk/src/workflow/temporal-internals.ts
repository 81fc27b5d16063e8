// Temporal's workflow internals that its own contrib packages import (@temporalio/interceptors-opentelemetry's
// workflow-imports-impl: `@temporalio/workflow/lib/flags` and `…/lib/global-attributes`), as Rewind's runtime
// answers them: the lang flags with Temporal's ids, and an activator whose `hasFlag` asks the run's flags.
import { IllegalStateError } from '../common/errors';
import { inWorkflowContext, getActivator as runActivator } from './current-activator';
import { TemporalLangFlags, type TemporalLangFlag } from './flags';

/** One of Temporal's lang flags as its SDK defines it (`SdkFlag`): on by default in live runs. */
export interface SdkFlag {
  readonly id: number;
  readonly default: boolean;
}

/** Temporal's `SdkFlags` (@temporalio/workflow/lib/flags): each lang flag by name, with its id. */
export const SdkFlags = Object.freeze(
  Object.fromEntries(Object.entries(TemporalLangFlags).map(([name, id]) => [name, Object.freeze({ id, default: true })])) as {
    readonly [K in keyof typeof TemporalLangFlags]: SdkFlag;
  },
);

const KNOWN_IDS: ReadonlySet<number> = new Set(Object.values(TemporalLangFlags));

/** Temporal's `assertValidFlag`: a flag id its SDK does not define is refused. */
export function assertValidFlag(id: number): void {
  if (!KNOWN_IDS.has(id)) throw new TypeError(`Unknown SDK flag: ${id}`);
}

/** What Temporal's contrib code asks of its activator: whether a lang flag is in force for this task. */
export interface TemporalActivator {
  hasFlag(flag: { readonly id: number }): boolean;
}

function activatorView(): TemporalActivator {
  const activator = runActivator();
  return {
    hasFlag(flag) {
      assertValidFlag(flag.id);
      return activator.flags.langFlag(flag.id as TemporalLangFlag, activator.isReplaying);
    },
  };
}

/** Temporal's `assertInWorkflowContext`: the run's activator, or an IllegalStateError with `message` outside workflow code. */
export function assertInWorkflowContext(message: string): TemporalActivator {
  if (!inWorkflowContext()) throw new IllegalStateError(message);
  return activatorView();
}

/** Temporal's `getActivator`: the run's activator; throws 'Workflow uninitialized' outside workflow code. */
export function getActivator(): TemporalActivator {
  return assertInWorkflowContext('Workflow uninitialized');
}

/** Temporal's `maybeGetActivator`: the run's activator, or undefined outside workflow code. */
export function maybeGetActivator(): TemporalActivator | undefined {
  return inWorkflowContext() ? activatorView() : undefined;
}
