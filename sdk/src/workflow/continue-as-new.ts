// continueAsNew: end this run and start a fresh one of the same workflow id with new arguments (an
// empty history), as Temporal's. Thrown as an error that the runtime turns into the command.
import { searchAttributesToWire, searchAttributeTypesToWire, type SearchAttributes } from '../common/search-attributes';
import type { SearchAttributePair, TypedSearchAttributes } from '../common/typed-search-attributes';
import { markErrorClass } from '../common/brand';
import { definedFields } from '../common/defined-fields';
import { msOptionalToNumber, type Duration } from '../common/duration';
import type { Workflow } from '../common/interfaces';
import { toPayload, toPayloads } from '../common/payloads';
import type { CommandOf } from '../protocol';
import { getActivator } from './current-activator';
import { composeInterceptors } from './interceptor-composition';
import type { ContinueAsNewInput } from './interceptors';
import { headersToWire } from '../common/payload-message';
import type { RefusedMember } from '../common/refused-members';

/**
 * What {@link continueAsNew} throws: let it propagate out of the workflow function, which ends the run and
 * starts the next one (do not catch it; if you catch errors, rethrow this one).
 */
export class ContinueAsNew extends Error {
  /** @deprecated ContinueAsNew.eventGroupMarkers (Temporal's) is not in Rewind: see the type's text. */
  declare readonly eventGroupMarkers?: RefusedMember<'ContinueAsNew.eventGroupMarkers', 'eventGroups'>;
  constructor(readonly command: CommandOf<'ContinueAsNewWorkflowExecution'>) {
    super(`Workflow continued as new (${command.workflowType})`);
  }
}
markErrorClass(ContinueAsNew, 'ContinueAsNew');

/** What the next run of {@link makeContinueAsNewFunc} gets besides its arguments. */
export interface ContinueAsNewOptions {
  /**
   * The next run's workflow type.
   *
   * @default this workflow's type
   */
  workflowType?: string;
  /**
   * The next run's task queue.
   *
   * @default this workflow's task queue
   */
  taskQueue?: string;
  /** The next run's run timeout. */
  workflowRunTimeout?: Duration;
  /** The next run's workflow task timeout. */
  workflowTaskTimeout?: Duration;
  /** Default: this run's memo. */
  memo?: Record<string, unknown>;
  /** Default: this run's search attributes. */
  searchAttributes?: SearchAttributes;
  /**
   * The same as typed pairs (`[{ key: Customer, value: 'ada' }]`) or a `TypedSearchAttributes`; a name in
   * both is taken from these (as Temporal's).
   */
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
}

/**
 * A function that continues as new with these options, its arguments the next run's (Temporal's
 * `makeContinueAsNewFunc`): `const next = makeContinueAsNewFunc<typeof loop>({ taskQueue: 'v2' }); await next(state);`.
 */
export function makeContinueAsNewFunc<F extends Workflow>(options: ContinueAsNewOptions = {}): (...args: Parameters<F>) => Promise<never> {
  return (...args: Parameters<F>): Promise<never> => {
    const activator = getActivator();
    const info = activator.info;
    // The outbound interceptors' continueAsNew see it first (and may add to the next run's header).
    return composeInterceptors(activator.interceptors.outbound, 'continueAsNew', (input) =>
      Promise.reject(new ContinueAsNew(continueAsNewCommand(input, info.taskQueue))),
    )({ args: args as unknown[], headers: {}, options: { ...options, workflowType: options.workflowType ?? info.workflowType } });
  };
}

/** The command of a continue-as-new, from its (possibly intercepted) input. */
function continueAsNewCommand(input: ContinueAsNewInput, defaultTaskQueue: string): CommandOf<'ContinueAsNewWorkflowExecution'> {
  const { options } = input;
  const workflowType = options.workflowType;
  return {
    type: 'ContinueAsNewWorkflowExecution',
    workflowType,
    taskQueue: options.taskQueue ?? defaultTaskQueue,
    args: toPayloads(input.args, `the continued workflow ${workflowType}`),
    ...definedFields({
      workflowRunTimeoutMs: msOptionalToNumber(options.workflowRunTimeout),
      workflowTaskTimeoutMs: msOptionalToNumber(options.workflowTaskTimeout),
      memo: options.memo ? Object.fromEntries(Object.entries(options.memo).map(([k, v]) => [k, toPayload(v, `memo ${k}`)])) : undefined,
      searchAttributes: searchAttributesToWire(options.searchAttributes, options.typedSearchAttributes),
      searchAttributeTypes: searchAttributeTypesToWire(options.typedSearchAttributes),
      header: headersToWire(input.headers),
    }),
  };
}

/**
 * Ends this run and starts a fresh one of the same workflow (the same id, type and task queue) with these
 * arguments and an empty history (Temporal's `continueAsNew`): the way a long-lived workflow keeps its
 * history short. Call it when `workflowInfo().continueAsNewSuggested` turns true (a run's history may hold
 * 51,200 events). Never returns: it throws {@link ContinueAsNew}, which must propagate out of the workflow
 * function. A client's `handle.result()` follows to the new run.
 *
 * ```ts
 * export async function counter(total: number): Promise<void> {
 *   // … handle signals until the history grows long …
 *   await continueAsNew<typeof counter>(total);
 * }
 * ```
 */
export function continueAsNew<F extends Workflow>(...args: Parameters<F>): Promise<never> {
  return makeContinueAsNewFunc<F>()(...args);
}
