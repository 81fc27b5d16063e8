// A run's workflow interceptors: made from the interceptor modules' factories when the run starts, and
// chained around each call (Temporal's composeInterceptors: the first interceptor is the outermost).
import type {
  Next,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from './interceptors';

/**
 * `next` wrapped by each interceptor that has `method`, the first of the list outermost. With none it is
 * `next` itself, so a run without interceptors behaves exactly as before.
 */
export function composeInterceptors<I, M extends keyof I>(interceptors: readonly I[], method: M, next: Next<I, M>): Next<I, M> {
  let composed = next;
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const interceptor = interceptors[i]!;
    const fn = interceptor[method];
    if (typeof fn !== 'function') continue;
    const rest = composed;
    composed = ((input: unknown) => (fn as (input: unknown, next: unknown) => unknown).call(interceptor, input, rest)) as unknown as Next<
      I,
      M
    >;
  }
  return composed;
}

/** A module of the worker's `interceptors.workflowModules`, as the bundle gives it to the runtime. */
export interface InterceptorModule {
  interceptors?: unknown;
}

/** The bundle's modules, imported as a run starts (each run has its own copy): Temporal's import hooks. */
export interface WorkflowModules {
  importInterceptors(): readonly InterceptorModule[];
  importWorkflows(): Record<string, unknown>;
}

/** The interceptors of one run. */
export class WorkflowInterceptorSet {
  readonly inbound: WorkflowInboundCallsInterceptor[] = [];
  readonly outbound: WorkflowOutboundCallsInterceptor[] = [];
  readonly internals: WorkflowInternalsInterceptor[] = [];

  /**
   * Calls each module's `interceptors` factory, in the order of the modules (Temporal's order): a module
   * without one is skipped, one that is not a function is refused.
   */
  load(modules: readonly InterceptorModule[]): void {
    modules.forEach((mod, i) => {
      const factory = mod.interceptors;
      if (factory === undefined) return;
      if (typeof factory !== 'function') {
        throw new TypeError(
          `Workflow interceptor module ${i + 1} exports 'interceptors' as a ${typeof factory}: export a function that returns ` +
            '{ inbound?, outbound?, internals? } (a WorkflowInterceptorsFactory).',
        );
      }
      const made = (factory as WorkflowInterceptorsFactory)() ?? {};
      this.inbound.push(...(made.inbound ?? []));
      this.outbound.push(...(made.outbound ?? []));
      this.internals.push(...(made.internals ?? []));
    });
  }
}
