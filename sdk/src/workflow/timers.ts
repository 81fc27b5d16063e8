// Durable timers inside a run: `sleep` (a StartTimer command, resolved by a FireTimer job or cancelled
// with its scope), and setTimeout / clearTimeout in workflow code (a timer in a scope of its own).
import { CancelledFailure } from '../common/failures';
import { formatDuration } from '../common/duration';
import { CancellationScope } from './cancellation-scope';
import type { Activator } from './internals';
import { composeInterceptors } from './interceptor-composition';

interface Completion {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class WorkflowTimers {
  private readonly pending = new Map<number, Completion>();
  /** setTimeout ids: each timer runs in a scope of its own, which clearTimeout cancels. */
  private readonly timeouts = new Map<number, CancellationScope>();
  private nextTimeoutId = 1;

  constructor(private readonly activator: Activator) {}

  sleep(ms: number): Promise<void> {
    const a = this.activator;
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return Promise.reject(new CancelledFailure('Timer cancelled before it started'));
    const seq = a.nextSeqs.timer++;
    // The outbound interceptors' startTimer see the timer first.
    return composeInterceptors(a.interceptors.outbound, 'startTimer', (input) => this.start(input.seq, input.durationMs))({
      durationMs: ms,
      seq,
    });
  }

  /** The StartTimer command, and the promise its FireTimer resolves (or its scope's cancellation rejects). */
  private start(seq: number, ms: number): Promise<void> {
    const a = this.activator;
    const scope = CancellationScope.current();
    const site = a.site();
    return a.track(
      `timer (${formatDuration(ms)})`,
      site,
      new Promise<void>((resolve, reject) => {
        if (scope.cancellable) {
          scope.cancelRequested.catch((err: unknown) => {
            if (!this.pending.delete(seq)) return;
            if (!a.withdraw((c) => c.type === 'StartTimer' && c.seq === seq)) a.pushCommand({ type: 'CancelTimer', seq });
            reject(err);
          });
        }
        this.pending.set(seq, { resolve, reject });
        a.pushCommand({ type: 'StartTimer', seq, startToFireTimeoutMs: Math.max(0, Math.round(ms)) }, site);
      }),
    );
  }

  /** A FireTimer job: the timer's sleep returns (unless it was cancelled meanwhile). */
  fire(seq: number): void {
    const completion = this.pending.get(seq);
    if (!completion) return;
    this.pending.delete(seq);
    completion.resolve();
  }

  /** setTimeout in workflow code: a durable timer in a scope of its own (clearTimeout cancels it). */
  setTimer(callback: () => unknown, ms: number): number {
    const id = this.nextTimeoutId++;
    const scope = new CancellationScope({ cancellable: true });
    this.timeouts.set(id, scope);
    scope
      .run(() => this.sleep(ms))
      .then(
        () => {
          this.timeouts.delete(id);
          this.activator.runHandler(callback);
        },
        () => this.timeouts.delete(id),
      );
    return id;
  }

  clearTimer(id: number): void {
    this.timeouts.get(id)?.cancel();
    this.timeouts.delete(id);
  }
}
