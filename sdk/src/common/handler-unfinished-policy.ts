// What to do about a signal or update handler still running when its workflow closes (Temporal's
// HandlerUnfinishedPolicy); no imports, so workflow code and the handler annotation types share it.

/**
 * What to do about a signal or update handler still running when the workflow closes (Temporal's
 * `HandlerUnfinishedPolicy`): the handler is abandoned either way; the policy says whether to warn. Wait
 * for handlers with `await condition(allHandlersFinished)` before returning instead.
 */
export const HandlerUnfinishedPolicy = {
  /** Log a warning naming the handlers (the default). */
  WARN_AND_ABANDON: 'WARN_AND_ABANDON',
  /** Finish without a word. */
  ABANDON: 'ABANDON',
} as const;
/** `'WARN_AND_ABANDON'` or `'ABANDON'`: see the constant of the same name. */
export type HandlerUnfinishedPolicy = (typeof HandlerUnfinishedPolicy)[keyof typeof HandlerUnfinishedPolicy];
