// Cancellation scopes (Temporal's): every timer, activity and condition belongs to the scope current
// when it started; cancelling a scope cancels what it holds and its child scopes.
import { CancelledFailure } from '../common/failures';
import { msToNumber, type Duration } from '../common/duration';
import { getActivator } from './current-activator';
import { TemporalLangFlags } from './flags';

/**
 * One AsyncLocalStorage for the whole sandbox, made by the worker (it tracks the current scope across
 * awaits). Shared by every run: one instance per run would slow every promise by the number of runs.
 */
interface ScopeStorage {
  getStore(): CancellationScope | undefined;
  run<R>(store: CancellationScope, fn: () => R): R;
}

const storage = (globalThis as unknown as { __rewind_scopeStorage: ScopeStorage }).__rewind_scopeStorage;

/** Options of `new CancellationScope()`. */
export interface CancellationScopeOptions {
  /** Time after which the scope cancels itself (a durable timer). */
  timeout?: Duration;
  /**
   * False: a cancellation of the parent does not reach this scope, nor what runs in it (a scope can still
   * be cancelled by its own `cancel()`).
   *
   * @default true
   */
  cancellable?: boolean;
  /**
   * The scope whose cancellation this one follows.
   *
   * @default the current scope
   */
  parent?: CancellationScope;
}

/**
 * A cancellation scope, as Temporal's `CancellationScope`: every timer, activity, child workflow and
 * `condition` belongs to the scope current when it started, and cancelling a scope cancels what it holds
 * and its cancellable child scopes: each rejects with a `CancelledFailure` (activities and children are
 * asked to stop, per their `cancellationType`). The workflow function runs in the root scope, which
 * `handle.cancel()` from a client cancels.
 *
 * ```ts
 * // Cleanup that a cancellation of the workflow must not stop:
 * try {
 *   await bookTrip();
 * } catch (err) {
 *   if (isCancellation(err)) await CancellationScope.nonCancellable(() => releaseSeats());
 *   throw err;
 * }
 * ```
 */
export class CancellationScope {
  /** Whether a cancellation of the parent reaches this scope. */
  readonly cancellable: boolean;
  /** The scope whose cancellation this one follows (none for the root). */
  readonly parent?: CancellationScope;
  /** Rejects with a CancelledFailure when the scope is cancelled. */
  readonly cancelRequested: Promise<never>;
  #cancelRequested = false;
  #reject!: (err: CancelledFailure) => void;
  private readonly timeout?: number;

  constructor(options: CancellationScopeOptions = {}) {
    this.cancellable = options.cancellable ?? true;
    this.timeout = options.timeout === undefined ? undefined : msToNumber(options.timeout);
    this.cancelRequested = new Promise<never>((_, reject) => {
      this.#reject = (err) => {
        this.#cancelRequested = true;
        reject(err);
      };
    });
    this.cancelRequested.catch(() => undefined);
    // The root scope is made with `parent: undefined` explicitly; every other scope has a parent.
    const parent = 'parent' in options ? options.parent : CancellationScope.current();
    if (parent) {
      this.parent = parent;
      // A non-cancellable parent shields this scope from cancellation (Temporal's lang flag 1); Temporal's
      // histories recorded without the flag replay as they ran: its cancellation reaches this scope.
      if (parent.cancellable || (parent.#cancelRequested && !shielded())) {
        // Made inside a scope that is already cancelled: cancelled from the start (as in Temporal).
        if (parent.#cancelRequested) this.#reject(new CancelledFailure('Cancellation scope cancelled'));
        else parent.cancelRequested.catch((err: CancelledFailure) => this.#reject(err));
      } else {
        parent.cancelRequested.catch((err: CancelledFailure) => {
          if (!shielded()) this.#reject(err);
        });
      }
    }
  }

  /** True once cancellation was requested of this scope (or of a parent it listens to). */
  get consideredCancelled(): boolean {
    return this.#cancelRequested && this.cancellable;
  }

  /** True once this scope was cancelled, whether or not it is cancellable. */
  get cancelRequestedSync(): boolean {
    return this.#cancelRequested;
  }

  /**
   * Runs `fn` with this scope as the current one: what `fn` starts belongs to it. With a `timeout`, a
   * durable timer cancels the scope when it passes (and is cancelled once `fn` settles).
   *
   * @returns what `fn` returns.
   */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return storage.run(this, () => {
      if (this.timeout === undefined) return fn();
      // The timeout is a durable timer in a scope of its own, cancelled once `fn` settles.
      const timerScope = new CancellationScope({ cancellable: true, parent: this });
      void storage.run(timerScope, () =>
        getActivator()
          .timers.sleep(this.timeout!)
          .then(
            () => this.cancel(),
            () => undefined,
          ),
      );
      // Temporal's histories recorded without lang flag 1 left the timer running.
      return fn().finally(() => {
        if (!timerScope.consideredCancelled && shielded()) timerScope.cancel();
      });
    });
  }

  /** Cancels the scope: what it holds rejects with a `CancelledFailure`, and so do its cancellable child scopes. */
  cancel(): void {
    this.#reject(new CancelledFailure('Cancellation scope cancelled'));
  }

  /** The scope the calling code runs in (followed across awaits); the root scope outside any other. */
  static current(): CancellationScope {
    return storage.getStore() ?? CancellationScope.root();
  }

  /** The scope of the workflow function. */
  static root(): CancellationScope {
    return getActivator().rootScope;
  }

  /**
   * Runs `fn` in a new cancellable child of the current scope, which `CancellationScope.current().cancel()`
   * inside `fn` (or a cancellation of the parent) cancels.
   */
  static cancellable<T>(fn: () => Promise<T>): Promise<T> {
    return new CancellationScope({ cancellable: true }).run(fn);
  }

  /**
   * Runs `fn` in a scope that a cancellation of the workflow (or of the current scope) does not reach: for
   * cleanup and compensations that must run even when the workflow is being cancelled.
   */
  static nonCancellable<T>(fn: () => Promise<T>): Promise<T> {
    return new CancellationScope({ cancellable: false }).run(fn);
  }

  /**
   * Runs `fn` in a cancellable scope that cancels itself after `timeout` (a durable timer): what `fn` awaits
   * then rejects with a `CancelledFailure`.
   *
   * @param timeout a {@link Duration}.
   */
  static withTimeout<T>(timeout: Duration, fn: () => Promise<T>): Promise<T> {
    return new CancellationScope({ cancellable: true, timeout }).run(fn);
  }
}

/** Whether the run behaves with Temporal's lang flag NonCancellableScopesAreShieldedFromPropagation (see flags.ts). */
function shielded(): boolean {
  const activator = getActivator();
  return activator.flags.langFlag(TemporalLangFlags.NonCancellableScopesAreShieldedFromPropagation, activator.isReplaying);
}

/** Marks a promise as handled (the runtime watches cancellation through it). */
export function untrackPromise(promise: Promise<unknown>): void {
  promise.catch(() => undefined);
}
