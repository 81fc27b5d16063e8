// Cancellation scopes (Temporal's): every timer, activity and condition belongs to the scope current
// when it started; cancelling a scope cancels what it holds and its child scopes.
import { CancelledFailure } from '../common/failures';
import { msToNumber, type Duration } from '../common/duration';
import { getActivator } from './current-activator';

/**
 * One AsyncLocalStorage for the whole sandbox, made by the worker (it tracks the current scope across
 * awaits). Shared by every run: one instance per run would slow every promise by the number of runs.
 */
interface ScopeStorage {
  getStore(): CancellationScope | undefined;
  run<R>(store: CancellationScope, fn: () => R): R;
}

const storage = (globalThis as unknown as { __rewind_scopeStorage: ScopeStorage }).__rewind_scopeStorage;

export interface CancellationScopeOptions {
  /** Time after which the scope cancels itself (a durable timer). */
  timeout?: Duration;
  /** False: cancellation of the parent does not reach this scope. Default true. */
  cancellable?: boolean;
  /** Default: the current scope. */
  parent?: CancellationScope;
}

export class CancellationScope {
  readonly cancellable: boolean;
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
      if (this.cancellable) {
        // Made inside a scope that is already cancelled: cancelled from the start (as in Temporal).
        if (parent.consideredCancelled) this.#reject(new CancelledFailure('Cancellation scope cancelled'));
        else parent.cancelRequested.catch((err: CancelledFailure) => this.#reject(err));
      }
    }
  }

  /** True once cancellation was requested of this scope (or of a parent it listens to). */
  get consideredCancelled(): boolean {
    return this.#cancelRequested && this.cancellable;
  }

  get cancelRequestedSync(): boolean {
    return this.#cancelRequested;
  }

  /** Runs `fn` with this scope as the current one. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return storage.run(this, () => {
      if (this.timeout === undefined) return fn();
      // The timeout is a durable timer in a scope of its own, cancelled once `fn` settles.
      const timerScope = new CancellationScope({ cancellable: true, parent: this });
      storage.run(timerScope, () =>
        getActivator()
          .timers.sleep(this.timeout!)
          .then(
            () => this.cancel(),
            () => undefined,
          ),
      );
      return fn().finally(() => timerScope.cancel());
    });
  }

  cancel(): void {
    this.#reject(new CancelledFailure('Cancellation scope cancelled'));
  }

  static current(): CancellationScope {
    return storage.getStore() ?? CancellationScope.root();
  }

  /** The scope of the workflow function. */
  static root(): CancellationScope {
    return getActivator().rootScope;
  }

  static cancellable<T>(fn: () => Promise<T>): Promise<T> {
    return new CancellationScope({ cancellable: true }).run(fn);
  }

  static nonCancellable<T>(fn: () => Promise<T>): Promise<T> {
    return new CancellationScope({ cancellable: false }).run(fn);
  }

  static withTimeout<T>(timeout: Duration, fn: () => Promise<T>): Promise<T> {
    return new CancellationScope({ cancellable: true, timeout }).run(fn);
  }
}

/** Marks a promise as handled (the runtime watches cancellation through it). */
export function untrackPromise(promise: Promise<unknown>): void {
  promise.catch(() => undefined);
}
