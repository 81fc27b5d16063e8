// Activity inbound interceptors (Temporal's WorkerOptions.interceptors.activity): made per activity
// attempt from the worker's factories, each wraps the call of the activity function with its headers.
import type { Context } from '../../activity/context';
import type { Headers } from '../../common/payload-message';
import { composeInterceptors } from '../../workflow/interceptor-composition';
import type { Next } from '../../workflow/interceptors';

/** What the activity function is called with (Temporal's `ActivityExecuteInput`). */
export interface ActivityExecuteInput {
  readonly args: unknown[];
  /**
   * The header the workflow scheduled the activity with (its outbound interceptors' `scheduleActivity` or
   * `scheduleLocalActivity`), as Temporal's Payloads: read one with `defaultPayloadConverter.fromPayload`.
   */
  readonly headers: Headers;
}

/** Calls into an activity (Temporal's `ActivityInboundCallsInterceptor`). */
export interface ActivityInboundCallsInterceptor {
  /** The activity function runs; what it returns (or throws) is the attempt's outcome. */
  execute?: (input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) => Promise<unknown>;
}

/** What a factory makes for one attempt (Temporal's `ActivityInterceptors`; `outbound` is not supported yet). */
export interface ActivityInterceptors {
  inbound?: ActivityInboundCallsInterceptor;
}

/** Made for each activity attempt, with its context (Temporal's `ActivityInterceptorsFactory`). */
export type ActivityInterceptorsFactory = (ctx: Context) => ActivityInterceptors;

/** Runs `fn` through the inbound interceptors the factories make for this attempt (none: `fn` itself). */
export function executeActivity(
  factories: readonly ActivityInterceptorsFactory[],
  ctx: Context,
  fn: (...args: unknown[]) => unknown,
  input: ActivityExecuteInput,
): Promise<unknown> {
  if (factories.length === 0) return Promise.resolve(fn(...input.args));
  const inbound = factories.map((f) => f(ctx).inbound).filter((i): i is ActivityInboundCallsInterceptor => i !== undefined);
  return composeInterceptors(inbound, 'execute', async (i) => fn(...i.args))(input);
}
