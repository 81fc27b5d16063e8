// Durable timers inside a run: `sleep` (a StartTimer command, resolved by a FireTimer job or cancelled
// with its scope), and setTimeout / clearTimeout in workflow code (a timer in a scope of its own, or a
// bare one for Temporal's histories without lang flag 1).
import { CancelledFailure } from '../common/failures';
import { formatDuration } from '../common/duration';
import { CancellationScope } from './cancellation-scope';
import type { Activator } from './internals';
import { TemporalLangFlags } from './flags';
import { composeInterceptors } from './interceptor-composition';

interface Completion {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class WorkflowTimers {
  private readonly pending = new Map<number, Completion>();
  /** setTimeout handles (their timer's seq): each timer runs in a scope of its own, which clearTimeout cancels. */
  private readonly timeouts = new Map<number, CancellationScope>();

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

  /**
   * setTimeout in workflow code, as Temporal's; the handle is the timer's seq. With Temporal's lang flag
   * NonCancellableScopesAreShieldedFromPropagation (Rewind's runs, Temporal's since 1.11.0): a `sleep` in
   * a cancellable scope of its own, so the outbound interceptors' startTimer see it and cancelling the
   * scope it was set in cancels it. Without it (Temporal's older histories): a bare StartTimer that no
   * interceptor sees and no scope cancels.
   */
  setTimer(callback: () => unknown, ms: number): number {
    const a = this.activator;
    if (!this.shielded()) return this.setBareTimer(callback, ms);
    // The seq the sleep takes.
    const seq = a.nextSeqs.timer;
    const scope = new CancellationScope({ cancellable: true });
    this.timeouts.set(seq, scope);
    scope
      .run(() => this.sleep(ms))
      .then(
        () => {
          this.timeouts.delete(seq);
          a.runHandler(callback);
        },
        () => this.timeouts.delete(seq),
      );
    return seq;
  }

  /** Temporal's setTimeout before lang flag 1: a StartTimer outside interceptors and scopes; only clearTimeout cancels it. */
  private setBareTimer(callback: () => unknown, ms: number): number {
    const a = this.activator;
    const seq = a.nextSeqs.timer++;
    const site = a.site();
    void a
      .track(
        `timer (${formatDuration(ms)})`,
        site,
        new Promise<void>((resolve, reject) => {
          this.pending.set(seq, { resolve, reject });
          a.pushCommand({ type: 'StartTimer', seq, startToFireTimeoutMs: Math.max(0, Math.round(ms)) }, site);
        }),
      )
      .then(
        () => a.runHandler(callback),
        () => undefined,
      );
    return seq;
  }

  /**
   * clearTimeout: cancels the timer's scope. A bare timer (no lang flag 1) is cancelled as Temporal's SDK
   * did then, which also took a timer seq (so the timers after it have the seqs its histories recorded).
   */
  clearTimer(id: number): void {
    const scope = this.timeouts.get(id);
    if (scope) {
      this.timeouts.delete(id);
      scope.cancel();
      return;
    }
    if (this.shielded()) return;
    const a = this.activator;
    a.nextSeqs.timer++;
    if (!this.pending.delete(id)) return;
    if (!a.withdraw((c) => c.type === 'StartTimer' && c.seq === id)) a.pushCommand({ type: 'CancelTimer', seq: id });
  }

  /** Whether the run follows Temporal's lang flag NonCancellableScopesAreShieldedFromPropagation (see flags.ts). */
  private shielded(): boolean {
    const a = this.activator;
    return a.flags.langFlag(TemporalLangFlags.NonCancellableScopesAreShieldedFromPropagation, a.isReplaying);
  }
}
