// Child workflows, and signals and cancel requests sent to other workflows, inside a run's runtime:
// the commands, their seq numbers, the promises that wait on them, and cancellation semantics
// (ChildWorkflowCancellationType, as in Temporal).
import { CancelledFailure, ChildWorkflowFailure } from '../common/failures';
import { failureToError } from '../common/failure-convert';
import type { ActivationJob, Command, CommandOf } from '../protocol';
import { CancellationScope } from './cancellation-scope';
import type { CodeSite } from './code-sites';
import type { Header } from '../protocol';
import { composeInterceptors } from './interceptor-composition';
import type { ChildWorkflowOptionsWithDefaults, StartChildWorkflowExecutionInput, WorkflowOutboundCallsInterceptor } from './interceptors';
import { headersToWire } from '../common/payload-message';

export type ChildWorkflowCancellationType = 'TRY_CANCEL' | 'WAIT_CANCELLATION_COMPLETED' | 'WAIT_CANCELLATION_REQUESTED' | 'ABANDON';

/** What the run's runtime lends this part: issuing and withdrawing commands. */
export interface CommandSink {
  site(): CodeSite | undefined;
  track<T>(what: string, site: CodeSite | undefined, promise: Promise<T>): Promise<T>;
  pushCommand(command: Command, site?: CodeSite): void;
  withdraw(match: (c: Command) => boolean): boolean;
  readonly namespace: string;
  readonly interceptors: { readonly outbound: readonly WorkflowOutboundCallsInterceptor[] };
}

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

interface Child {
  workflowId: string;
  workflowType: string;
  runId?: string;
  cancellationType: ChildWorkflowCancellationType;
  cancelRequested: boolean;
  started: Waiter<string>;
  result: Waiter<unknown>;
}

type ChildJob = Extract<
  ActivationJob,
  {
    type:
      | 'ResolveChildWorkflowExecutionStart'
      | 'ResolveChildWorkflowExecution'
      | 'ResolveSignalExternalWorkflow'
      | 'ResolveRequestCancelExternalWorkflow';
  }
>;

export class ChildWorkflows {
  private readonly seqs = { child: 1, signal: 1, cancel: 1 };
  private readonly children = new Map<number, Child>();
  private readonly signals = new Map<number, Waiter<void>>();
  private readonly cancels = new Map<number, Waiter<void>>();

  constructor(private readonly sink: CommandSink) {}

  /**
   * Starts a child through the outbound interceptors' startChildWorkflowExecution (which may add to its
   * header): `toCommand` makes the command of their (possibly changed) input.
   */
  startIntercepted(
    workflowType: string,
    options: ChildWorkflowOptionsWithDefaults,
    toCommand: (input: StartChildWorkflowExecutionInput) => Omit<CommandOf<'StartChildWorkflowExecution'>, 'seq'>,
  ): { started: Promise<string>; result: Promise<unknown> } {
    const outbound = this.sink.interceptors.outbound;
    const input = { workflowType, options, headers: {}, seq: this.seqs.child };
    if (!outbound.some((i) => i.startChildWorkflowExecution)) return this.start(toCommand(input), options.cancellationType);
    const both = composeInterceptors(outbound, 'startChildWorkflowExecution', (i) => {
      const { started, result } = this.start(toCommand(i), i.options.cancellationType);
      return Promise.resolve([started, result] as [Promise<string>, Promise<unknown>]);
    })(input);
    const started = both.then(([s]) => s);
    const result = both.then(([, r]) => r);
    started.catch(() => undefined);
    result.catch(() => undefined);
    return { started, result };
  }

  /** Sends a signal through the outbound interceptors' signalWorkflow (which may add to its header). */
  signalIntercepted(
    target: { workflowId: string; runId?: string; child: boolean },
    signalName: string,
    args: unknown[],
    toPayloads: (args: unknown[]) => CommandOf<'SignalExternalWorkflowExecution'>['args'],
  ): Promise<void> {
    const { workflowId, runId, child } = target;
    return composeInterceptors(this.sink.interceptors.outbound, 'signalWorkflow', (input) => {
      // The target as the interceptors left it (Temporal's: an interceptor may redirect the signal).
      const to = input.target;
      const id = to.type === 'child' ? to.childWorkflowId : to.workflowExecution.workflowId;
      if (!id) return Promise.reject(new TypeError(`signalWorkflow's target has no workflowId: pass the id of the workflow to signal.`));
      const run = to.type === 'child' ? undefined : to.workflowExecution.runId || undefined;
      return this.signal(id, run, input.signalName, toPayloads(input.args), to.type === 'child', headersToWire(input.headers));
    })({
      seq: this.seqs.signal,
      signalName,
      args,
      headers: {},
      target: child
        ? { type: 'child', childWorkflowId: workflowId }
        : { type: 'external', workflowExecution: { workflowId, ...(runId ? { runId } : {}) } },
    });
  }

  /** Starts a child: `started` resolves with its run id, `result` with how it ended. */
  start(
    command: Omit<CommandOf<'StartChildWorkflowExecution'>, 'seq'>,
    cancellationType: ChildWorkflowCancellationType,
  ): { started: Promise<string>; result: Promise<unknown> } {
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) {
      const err = new CancelledFailure('Child workflow not started: its scope is cancelled');
      return { started: Promise.reject(err), result: Promise.reject(err) };
    }
    const seq = this.seqs.child++;
    const site = this.sink.site();
    let child!: Child;
    const started = new Promise<string>((resolve, reject) => {
      child = {
        workflowId: command.workflowId,
        workflowType: command.workflowType,
        cancellationType,
        cancelRequested: false,
        started: { resolve, reject },
        result: { resolve: () => undefined, reject: () => undefined },
      };
    });
    const result = new Promise<unknown>((resolve, reject) => {
      child.result = { resolve, reject };
    });
    started.catch(() => undefined);
    result.catch(() => undefined);
    this.children.set(seq, child);
    if (scope.cancellable) scope.cancelRequested.catch(() => this.cancelChild(seq));
    this.sink.pushCommand({ ...command, type: 'StartChildWorkflowExecution', seq }, site);
    return { started, result: this.sink.track(`child workflow ${command.workflowType} (${command.workflowId})`, site, result) };
  }

  private cancelChild(seq: number): void {
    const child = this.children.get(seq);
    if (!child || child.cancelRequested) return;
    child.cancelRequested = true;
    if (!child.runId) {
      if (this.sink.withdraw((c) => c.type === 'StartChildWorkflowExecution' && c.seq === seq)) {
        this.children.delete(seq);
        const err = new CancelledFailure('Child workflow cancelled before it started');
        child.started.reject(err);
        child.result.reject(err);
      }
      return; // Asked for once it has started (see resolve).
    }
    this.requestCancel(seq, child);
  }

  private requestCancel(seq: number, child: Child): void {
    if (child.cancellationType === 'ABANDON') return;
    const cancelled = this.cancel(child.workflowId, child.runId, true);
    if (child.cancellationType === 'TRY_CANCEL') this.settleCancelled(seq, child);
    else if (child.cancellationType === 'WAIT_CANCELLATION_REQUESTED')
      cancelled.then(
        () => this.settleCancelled(seq, child),
        () => undefined,
      );
  }

  private settleCancelled(seq: number, child: Child): void {
    if (!this.children.delete(seq)) return;
    child.result.reject(
      new ChildWorkflowFailure(
        this.sink.namespace,
        { workflowId: child.workflowId, ...(child.runId ? { runId: child.runId } : {}) },
        child.workflowType,
        'CANCEL_REQUESTED',
        new CancelledFailure('Child workflow cancelled'),
      ),
    );
  }

  /** Signals another workflow (a child, when childWorkflowOnly). */
  signal(
    workflowId: string,
    runId: string | undefined,
    signalName: string,
    args: CommandOf<'SignalExternalWorkflowExecution'>['args'],
    childWorkflowOnly: boolean,
    header?: Header,
  ): Promise<void> {
    const seq = this.seqs.signal++;
    return new Promise<void>((resolve, reject) => {
      this.signals.set(seq, { resolve, reject });
      this.sink.pushCommand({
        type: 'SignalExternalWorkflowExecution',
        seq,
        workflowId,
        ...(runId ? { runId } : {}),
        signalName,
        args,
        childWorkflowOnly,
        ...(header && Object.keys(header).length > 0 ? { header } : {}),
      });
    });
  }

  /** Asks another workflow (a child, when childWorkflowOnly) to cancel. */
  cancel(workflowId: string, runId: string | undefined, childWorkflowOnly: boolean): Promise<void> {
    const seq = this.seqs.cancel++;
    const done = new Promise<void>((resolve, reject) => {
      this.cancels.set(seq, { resolve, reject });
      this.sink.pushCommand({
        type: 'RequestCancelExternalWorkflowExecution',
        seq,
        workflowId,
        ...(runId ? { runId } : {}),
        childWorkflowOnly,
      });
    });
    done.catch(() => undefined);
    return done;
  }

  resolve(job: ChildJob): void {
    switch (job.type) {
      case 'ResolveChildWorkflowExecutionStart': {
        const child = this.children.get(job.seq);
        if (!child) return;
        if (job.resolution.status === 'failed') {
          this.children.delete(job.seq);
          const err = failureToError(job.resolution.failure);
          child.started.reject(err);
          child.result.reject(err);
          return;
        }
        child.runId = job.resolution.runId;
        child.started.resolve(child.runId);
        if (child.cancelRequested) this.requestCancel(job.seq, child);
        return;
      }
      case 'ResolveChildWorkflowExecution': {
        const child = this.children.get(job.seq);
        if (!child) return;
        this.children.delete(job.seq);
        if (job.resolution.status === 'completed') child.result.resolve(job.resolution.result);
        else child.result.reject(failureToError(job.resolution.failure));
        return;
      }
      case 'ResolveSignalExternalWorkflow':
      case 'ResolveRequestCancelExternalWorkflow': {
        const waiters = job.type === 'ResolveSignalExternalWorkflow' ? this.signals : this.cancels;
        const waiter = waiters.get(job.seq);
        if (!waiter) return;
        waiters.delete(job.seq);
        if (job.failure) waiter.reject(failureToError(job.failure));
        else waiter.resolve();
        return;
      }
    }
  }
}
