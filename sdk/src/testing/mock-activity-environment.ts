// MockActivityEnvironment (Temporal's): runs one activity function with a Context, records its
// heartbeats (as 'heartbeat' events) and can cancel it, without a server.
import { EventEmitter } from 'node:events';
import { Context, type ActivityInfo } from '../activity/context';

export const defaultActivityInfo: ActivityInfo = {
  taskToken: 'test-task-token',
  activityId: 'test',
  activityType: 'unnamed',
  workflowNamespace: 'default',
  workflowType: 'test',
  workflowExecution: { workflowId: 'test', runId: 'dead-beef' },
  taskQueue: 'test',
  attempt: 1,
  heartbeatDetails: undefined,
  scheduledTimestampMs: 1,
  currentAttemptScheduledTimestampMs: 1,
  startedTimestampMs: 1,
  isLocal: false,
};

export class MockActivityEnvironment extends EventEmitter {
  readonly context: Context;
  private readonly abort = new AbortController();

  constructor(info: Partial<ActivityInfo> = {}) {
    super();
    this.context = new Context({ ...defaultActivityInfo, ...info }, this.abort.signal, (details) => this.emit('heartbeat', details));
  }

  /** Cancels the activity: `Context.current().cancelled` rejects and the cancellation signal aborts. */
  cancel(reason: string = 'CANCELLED'): void {
    this.abort.abort(reason);
  }

  /** Runs `fn` as an activity with this environment's context. */
  run<P extends unknown[], R>(fn: (...args: P) => R | Promise<R>, ...args: P): Promise<R> {
    return this.context.run(async () => fn(...args));
  }
}
