// The activity Context (Temporal's): info about the running attempt, heartbeats, and cancellation.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CancelledFailure } from '../common/failures';
import { msToNumber, type Duration } from '../common/duration';
import { IllegalStateError } from '../common/errors';

export interface ActivityInfo {
  taskToken: string;
  activityId: string;
  activityType: string;
  workflowNamespace: string;
  workflowType: string;
  workflowExecution: { workflowId: string; runId: string };
  taskQueue: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Details of the last heartbeat of the previous attempt (resume from here). */
  heartbeatDetails: unknown;
  heartbeatTimeoutMs?: number;
  startToCloseTimeoutMs?: number;
  scheduleToCloseTimeoutMs?: number;
  scheduledTimestampMs: number;
  currentAttemptScheduledTimestampMs: number;
  startedTimestampMs: number;
  isLocal: boolean;
}

const storage = new AsyncLocalStorage<Context>();

export class Context {
  private cancelledPromise: Promise<never> | undefined;

  constructor(
    readonly info: ActivityInfo,
    /** Aborted when the activity is cancelled: pass it to fetch() and friends. */
    readonly cancellationSignal: AbortSignal,
    private readonly heartbeatFn: (details?: unknown) => void,
  ) {}

  /** Rejects with a CancelledFailure when the activity is cancelled (made when first asked for: most activities never do). */
  get cancelled(): Promise<never> {
    if (!this.cancelledPromise) {
      const signal = this.cancellationSignal;
      this.cancelledPromise = new Promise<never>((_, reject) => {
        const onAbort = (): void => reject(new CancelledFailure(String(signal.reason ?? 'Activity cancelled')));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      this.cancelledPromise.catch(() => undefined);
    }
    return this.cancelledPromise;
  }

  /** The context of the activity running in this async call chain. */
  static current(): Context {
    const ctx = storage.getStore();
    if (!ctx) throw new IllegalStateError('Context.current() can only be called inside an activity function.');
    return ctx;
  }

  /** Records progress; a retried attempt reads it from info.heartbeatDetails. Throttled; also keeps heartbeat timeouts at bay. */
  heartbeat(details?: unknown): void {
    this.heartbeatFn(details);
  }

  /** Sleeps, or rejects with CancelledFailure as soon as the activity is cancelled. */
  sleep(ms: Duration): Promise<void> {
    let handle: ReturnType<typeof setTimeout>;
    const timer = new Promise<void>((resolve) => {
      handle = setTimeout(resolve, msToNumber(ms));
    });
    return Promise.race([this.cancelled, timer]).finally(() => clearTimeout(handle));
  }

  /** Runs `fn` with this context as the current one (used by the worker). */
  run<T>(fn: () => T): T {
    return storage.run(this, fn);
  }
}

export function activityInfo(): ActivityInfo {
  return Context.current().info;
}

export function heartbeat(details?: unknown): void {
  Context.current().heartbeat(details);
}

export function sleep(ms: Duration): Promise<void> {
  return Context.current().sleep(ms);
}

export function cancelled(): Promise<never> {
  return Context.current().cancelled;
}

export function cancellationSignal(): AbortSignal {
  return Context.current().cancellationSignal;
}
