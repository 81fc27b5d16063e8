// The per-run workflow runtime inside the sandbox: activation in, commands out, no I/O.
//
// This module is loaded once per sandbox and shared by every run; the host makes a run's Activator
// the current one before each call into it (calls are synchronous, microtasks included), so the
// workflow API always reaches the right run. Host and sandbox exchange JSON strings only.
import type {
  Activation,
  ActivationJob,
  ActivationResult,
  Command,
  Failure,
  Header,
  Payload,
  SdkMetadata,
  WorkflowLogEntry,
  WorkflowStartInfo,
} from '../protocol';
import { definedFields } from '../common/defined-fields';
import { CancelledFailure, TemporalFailure, isCancellation } from '../common/failures';
import { errorToFailure } from '../common/failure-convert';
import { IllegalStateError } from '../common/errors';
import { toPayload } from '../common/payloads';
import { assertNever } from '../common/type-helpers';
import { CancellationScope } from './cancellation-scope';
import { ChildWorkflows } from './child-workflows';
import { CodeSites, type CodeSite, type PendingWait } from './code-sites';
import { ContinueAsNew } from './continue-as-new';
import { PATCH_MARKER, patchOfMarker, TERMINAL_COMMAND_TYPES } from '../protocol/commands';
import { changeVersionUpsert } from './change-version';
import { infoForActivation, makeInfo, type WorkflowInfo } from './info';
import { withUndecodableStandIns } from './undecodable-values';
import { WorkflowActivities } from './activities';
import { LocalActivities } from './local-activities';
import { WorkflowTimers } from './timers';
import { MessageHandlers } from './message-handlers';
import { alea } from './alea';
import { RewindFlags, SdkFlags, TemporalCoreFlags, type JobBatching } from './flags';
import { drawFirstRandom, unsafeSources } from './global-overrides';
import { composeInterceptors, WorkflowInterceptorSet, type WorkflowModules } from './interceptor-composition';
import type { SinkCall } from './sinks';
import { failureToError } from '../common/failure-convert';
import { headersFromWire } from '../common/payload-message';
import { isInternalName, WORKFLOW_METADATA_QUERY_NAME } from '../common/reserved-names';
import { workflowMetadata } from './workflow-metadata';

type AnyFunction = (...args: never[]) => unknown;

interface Blocked {
  fn: () => boolean;
  resolve: () => void;
}

export interface QueryOutcome {
  result?: Payload;
  failure?: Failure;
}

export class Activator {
  info!: WorkflowInfo;
  now = 0;
  isReplaying = false;
  readonly nextSeqs = { activity: 1, timer: 1, condition: 1 };
  readonly blockedConditions = new Map<number, Blocked>();
  /** Handlers of signals, queries and updates. */
  readonly handlers = new MessageHandlers(this);
  /** Activities the workflow scheduled, and its durable timers. */
  readonly activities = new WorkflowActivities(this);
  readonly timers = new WorkflowTimers(this);
  /** Local activities the workflow waits for. */
  readonly localActivities = new LocalActivities(this);
  /** Patches whose markers the task being replayed recorded. */
  private readonly knownPatches = new Set<string>();
  /** Patches whose marker this run has recorded (once per patch). */
  private readonly sentPatches = new Set<string>();
  /** Patches whose markers the run's activations sent (sdk-core's set: what TemporalChangeVersion lists). */
  private readonly markedPatches = new Set<string>();
  private commands: Command[] = [];
  /** Where each command of this activation was issued (captured while replaying, see CodeSites). */
  private sites: (CodeSite | undefined)[] = [];
  private lastSites: (CodeSite | undefined)[] = [];
  private readonly codeSites = new CodeSites();
  private logs: WorkflowLogEntry[] = [];
  /** A failure of the workflow code that fails the task (not the workflow). */
  private taskFailure: unknown;
  /** The host's last call was a query (its code, and the microtasks after it, run outside any task). */
  private answeringQuery = false;
  private completed = false;
  /** The run's workflow interceptors (made when it starts) and the sink calls of this activation. */
  readonly interceptors = new WorkflowInterceptorSet();
  sinkCalls: SinkCall[] = [];
  /** Which group of the current activation's jobs is applied (the internals interceptors' batchIndex). */
  private batchIndex = 0;
  /** How the current activation's jobs are run: in Temporal's batches, conditions are checked after each job. */
  private batching: JobBatching = 'groups';
  /** A query answered by an interceptor's promise: settled once the microtasks ran (see queryOutcome). */
  private pendingQuery: QueryOutcome | undefined;
  /** The flags of the behaviours in force: those the history recorded, and those this run first uses (see flags.ts). */
  readonly flags = new SdkFlags();
  /** The run's generator: Math.random, uuid4 and default child ids draw from it. */
  random: () => number = drawFirstRandom;
  /** Whether the run draws as Temporal's SDK does (alea; uuid4 from four 32-bit draws): flag TemporalRandomness. */
  temporalRandomness = false;
  /** What `setCurrentDetails` set last: the `__temporal_workflow_metadata` query answers it (not kept in history). */
  currentDetails = '';
  /** The scope of the workflow function; cancelling the workflow cancels it. */
  readonly rootScope = new CancellationScope({ parent: undefined });

  /** Child workflows and the other workflows this run signals or cancels. */
  readonly children = new ChildWorkflows(this);

  /** The workflows module's exports, imported as the run starts. */
  private workflows: Record<string, unknown> = {};

  constructor(private readonly modules: WorkflowModules) {}

  get namespace(): string {
    return this.info.namespace;
  }

  // ---- commands -------------------------------------------------------------------------------

  /** The place in workflow code that is issuing a command, when it may be needed (while replaying). */
  site(): CodeSite | undefined {
    return this.isReplaying ? this.codeSites.here() : undefined;
  }

  /** Notes that the workflow waits on `promise` (for the `__stack_trace` query and the debugger); returns it. */
  track<T>(what: string, site: CodeSite | undefined, promise: Promise<T>): Promise<T> {
    return site ? this.codeSites.track(what, site, promise) : promise;
  }

  pushCommand(command: Command, site: CodeSite | undefined = this.site()): void {
    this.commands.push(command);
    this.sites.push(site);
  }

  /** Removes a command issued in this activation and not yet sent; true if it was found. */
  withdraw(match: (c: Command) => boolean): boolean {
    const i = this.commands.findIndex(match);
    if (i < 0) return false;
    this.commands.splice(i, 1);
    this.sites.splice(i, 1);
    return true;
  }

  // ---- versioning -----------------------------------------------------------------------------

  /**
   * Whether to take the new branch of a patch: always when running live (and the marker is recorded),
   * when replaying only if the history recorded the marker at this point (Temporal's semantics).
   */
  patch(patchId: string, deprecated: boolean): boolean {
    const use = !this.isReplaying || this.knownPatches.has(patchId);
    if (use && !this.sentPatches.has(patchId)) {
      this.sentPatches.add(patchId);
      this.pushCommand({ type: 'RecordMarker', markerName: PATCH_MARKER, details: { patchId, deprecated } });
    }
    return use;
  }

  /**
   * The activation's commands as sdk-core sends them: with core flag 2, each patch's marker followed by
   * core's upsert of TemporalChangeVersion (change-version.ts). Added after the workflow's interceptors saw
   * the commands, as core adds it after lang's; each upsert takes its marker's code site.
   */
  private withChangeVersionUpserts(commands: Command[]): Command[] {
    if (!commands.some((c) => c.type === 'RecordMarker' && c.markerName === PATCH_MARKER)) return commands; // Most activations.
    const out: Command[] = [];
    const sites: (CodeSite | undefined)[] = [];
    commands.forEach((command, i) => {
      out.push(command);
      sites.push(this.sites[i]);
      const patch = command.type === 'RecordMarker' ? patchOfMarker(command.markerName, command.details) : undefined;
      if (!patch) return;
      this.markedPatches.add(patch.patchId);
      if (!this.flags.coreFlag(TemporalCoreFlags.UpsertSearchAttributeOnPatch, this.isReplaying)) return;
      const upsert = changeVersionUpsert(this.markedPatches);
      if (!upsert) return;
      out.push(upsert);
      sites.push(this.sites[i]);
    });
    if (out.length !== commands.length) this.sites = sites;
    return out;
  }

  // ---- conditions -----------------------------------------------------------------------------

  blockOn(fn: () => boolean): Promise<void> {
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return Promise.reject(new CancelledFailure('Condition cancelled'));
    const seq = this.nextSeqs.condition++;
    return this.track(
      'condition',
      this.site(),
      new Promise<void>((resolve, reject) => {
        if (scope.cancellable) {
          scope.cancelRequested.catch((err: unknown) => {
            if (this.blockedConditions.delete(seq)) reject(err);
          });
        }
        if (fn()) {
          resolve();
          return;
        }
        this.blockedConditions.set(seq, { fn, resolve });
      }),
    );
  }

  // ---- activation -----------------------------------------------------------------------------

  /**
   * How the activation's jobs are run (Temporal's batches for its histories, lang flag 2: see flags.ts
   * JobBatching): the host asks before grouping its jobs.
   */
  jobBatching(input: { sdkMetadata?: SdkMetadata; isReplaying: boolean; hasSignals: boolean }): JobBatching {
    this.flags.observe(input.sdkMetadata);
    this.batching = this.flags.jobBatching(input.hasSignals, input.isReplaying);
    return this.batching;
  }

  /** Applies one group of jobs (see the ordering contract in protocol/activation.ts). */
  activate(activation: Activation): void {
    const init = activation.jobs.find((j) => j.type === 'InitializeWorkflow');
    if (init?.type === 'InitializeWorkflow' && !this.info) {
      // As Temporal's initRuntime: the run's generator is chosen, then the interceptor modules are imported
      // and their factories called, then the workflows module is imported (what they draw as they load is
      // the run's first randomness), all with the run's info set.
      this.flags.observe(activation.sdkMetadata);
      if (init.aleaSeed && this.flags.use(RewindFlags.TemporalRandomness, activation.isReplaying)) {
        this.temporalRandomness = true;
        this.random = alea(init.aleaSeed);
      }
      this.info = makeInfo(init.info, activation, unsafeSources());
      try {
        this.interceptors.load(this.modules.importInterceptors());
        this.workflows = this.modules.importWorkflows();
      } catch (err) {
        this.failTask(err);
      }
    }
    const batchIndex = this.batchIndex++;
    composeInterceptors(this.interceptors.internals, 'activate', (input) => this.applyActivation(input.activation))({
      activation,
      batchIndex,
    });
  }

  private applyActivation(activation: Activation): void {
    this.now = activation.timestamp;
    this.isReplaying = activation.isReplaying;
    this.flags.observe(activation.sdkMetadata);
    if (this.info) this.info = infoForActivation(this.info, activation);
    for (const job of activation.jobs) {
      try {
        // A value the worker could not decode refuses (and fails the task) only if the code reads it.
        this.applyJob(
          withUndecodableStandIns(job, (err) => {
            // A query that reads one fails alone; the next task must not fail for it.
            if (!this.answeringQuery) this.failTask(err);
          }),
          activation,
        );
      } catch (err) {
        this.failTask(err);
      }
      // Temporal's SDK resolves the conditions a job made true before the next job (but not after a patch).
      if (this.batching !== 'groups' && job.type !== 'NotifyHasPatch') this.tryUnblockConditions();
    }
  }

  private applyJob(job: ActivationJob, activation: Activation): void {
    switch (job.type) {
      case 'InitializeWorkflow':
        this.initialize(job.info, job.args, activation, job.headers ?? {});
        break;
      case 'NotifyHasPatch':
        this.knownPatches.add(job.patchId);
        break;
      case 'UpdateRandomSeed':
        // Runs recorded before TemporalRandomness kept their seed through a reset.
        if (this.temporalRandomness) this.random = alea(job.aleaSeed);
        break;
      case 'SignalWorkflow':
        this.handlers.deliverSignal(job.signalName, job.args, job.headers);
        break;
      case 'DoUpdate':
        this.handlers.doUpdate(job);
        break;
      case 'ResolveActivity':
        this.activities.resolve(job.seq, job.resolution);
        break;
      case 'ResolveLocalActivity':
        this.localActivities.resolve(job);
        break;
      case 'FireTimer':
        this.timers.fire(job.seq);
        break;
      case 'CancelWorkflow':
        this.rootScope.cancel();
        break;
      case 'ResolveChildWorkflowExecutionStart':
      case 'ResolveChildWorkflowExecution':
      case 'ResolveSignalExternalWorkflow':
      case 'ResolveRequestCancelExternalWorkflow':
        this.children.resolve(job);
        break;
      default:
        assertNever(job);
    }
  }

  private initialize(start: WorkflowStartInfo, args: Payload[], activation: Activation, headers: Header): void {
    this.info = makeInfo(start, activation, unsafeSources());
    const fn = this.workflows[start.workflowType];
    if (typeof fn !== 'function') {
      const known = Object.keys(this.workflows).filter((k) => typeof this.workflows[k] === 'function');
      throw new IllegalStateError(
        `Workflow type '${start.workflowType}' is not exported by the workflows file (it exports: ${known.join(', ') || 'nothing'}).`,
      );
    }
    const execute = composeInterceptors(this.interceptors.inbound, 'execute', (input) =>
      Promise.resolve((fn as AnyFunction)(...(input.args as never[]))),
    );
    const root = this.rootScope;
    root
      .run(() => Promise.resolve().then(() => execute({ args, headers: headersFromWire(headers) })))
      .then(
        (result) => this.complete(result),
        (err: unknown) => this.workflowFailed(err),
      );
  }

  private complete(result: unknown): void {
    if (this.completed) return;
    let payload: Payload;
    try {
      payload = toPayload(result, 'the workflow result');
    } catch (err) {
      this.failTask(err);
      return;
    }
    this.finish({ type: 'CompleteWorkflowExecution', ...definedFields({ result: payload }) });
  }

  private finish(command: Command): void {
    this.completed = true;
    this.pushCommand(command);
    this.handlers.warnUnfinished();
  }

  /** A workflow (or signal handler) threw: continue as new, fail or cancel the workflow, or fail the task (a bug). */
  workflowFailed(err: unknown): void {
    if (this.completed) return;
    if (err instanceof ContinueAsNew) {
      this.finish(err.command);
    } else if (isCancellation(err) && this.rootScope.cancelRequestedSync) {
      this.finish({ type: 'CancelWorkflowExecution' });
    } else if (err instanceof TemporalFailure) {
      this.finish({ type: 'FailWorkflowExecution', failure: errorToFailure(err) });
    } else {
      this.failTask(err);
    }
  }

  /** Fails the workflow task (not the workflow): the task is retried, the workflow waits for a fix. */
  failTask(err: unknown): void {
    if (this.taskFailure === undefined) this.taskFailure = err ?? new Error('undefined was thrown');
  }

  /** Runs a handler (a signal's, a timeout's); its failure counts as the workflow's. */
  runHandler(fn: () => unknown, onDone?: () => void): void {
    let result: unknown;
    try {
      result = fn();
    } catch (err) {
      onDone?.();
      this.workflowFailed(err);
      return;
    }
    if (result instanceof Promise) {
      result.then(onDone, (err: unknown) => {
        onDone?.();
        this.workflowFailed(err);
      });
    } else onDone?.();
  }

  /** Resolves conditions that became true; returns how many (the host drains microtasks and asks again). */
  tryUnblockConditions(): number {
    let unblocked = 0;
    for (const [seq, blocked] of this.blockedConditions) {
      let ready: boolean;
      try {
        ready = blocked.fn();
      } catch (err) {
        this.blockedConditions.delete(seq);
        this.failTask(err);
        continue;
      }
      if (ready) {
        this.blockedConditions.delete(seq);
        blocked.resolve();
        unblocked++;
      }
    }
    return unblocked;
  }

  /**
   * One step of an activation, called by the host until it returns a result; the context's microtask
   * queue drains between calls. A step first resolves conditions that became true (and asks to be
   * called again if any did), then applies the given jobs, or concludes.
   */
  step(input: { activation?: Activation; conclude?: boolean }): 'again' | 'applied' | ActivationResult {
    this.answeringQuery = false;
    if (this.tryUnblockConditions() > 0) return 'again';
    if (input.activation) {
      this.activate(input.activation);
      return 'applied';
    }
    return this.conclude();
  }

  conclude(): ActivationResult {
    this.handlers.rejectBufferedUpdates();
    const logs = this.logs;
    this.logs = [];
    this.batchIndex = 0;
    const concluded = composeInterceptors(
      this.interceptors.internals,
      'concludeActivation',
      (input) => input,
    )({
      commands: this.flags.coreFlag(TemporalCoreFlags.MoveTerminalCommands, this.isReplaying)
        ? terminalLast(this.commands, this.sites)
        : truncatedAtTerminal(this.commands, this.sites),
    });
    const commands = this.withChangeVersionUpserts(concluded.commands);
    this.lastSites = this.sites;
    this.sites = [];
    this.commands = [];
    if (this.taskFailure !== undefined) {
      const failure = errorToFailure(this.taskFailure);
      this.taskFailure = undefined;
      return { status: 'failed', failure, logs };
    }
    const localActivities = this.completed ? [] : this.localActivities.requests();
    const sdkMetadata = this.isReplaying ? undefined : this.flags.takeMetadata();
    if (this.isReplaying) this.flags.discardUsed();
    return {
      status: 'ok',
      commands,
      logs,
      ...(localActivities.length > 0 ? { localActivities } : {}),
      ...(sdkMetadata ? { sdkMetadata } : {}),
    };
  }

  /** What the workflow waits on now (the `__stack_trace` query; sites exist when the run was replayed). */
  stack(): PendingWait[] {
    return this.codeSites.pending();
  }

  /** The stack of the code that issued command `index` of the last activation (for error messages). */
  commandStack(index: number): string | undefined {
    return this.lastSites[index]?.stack;
  }

  /** The stacks of all the commands of the last activation, in order (the replay debugger reads them in one call). */
  commandStacks(): (string | undefined)[] {
    return this.lastSites.map((site) => site?.stack);
  }

  /** The site ordinals of the commands of the last activation, in order (the replay debugger). */
  commandSites(): (number | undefined)[] {
    return this.lastSites.map((site) => site?.ordinal);
  }

  /** The signal, query and update handlers set now (the replay debugger). */
  handlerNames(): { signals: string[]; queries: string[]; updates: string[] } {
    return this.handlers.names();
  }

  /**
   * Answers a query. Through the inbound interceptors when one has `handleQuery`: its promise settles
   * once the microtasks ran, so the answer is then `{ pending: true }` and {@link queryOutcome} has it.
   */
  query({
    queryType,
    args,
    headers,
    queryId,
  }: {
    queryType: string;
    args: Payload[];
    headers?: Header;
    queryId?: string;
  }): QueryOutcome | { pending: true } {
    this.answeringQuery = true;
    // As Temporal's: a query runs as a replay, but not of history events (its log lines and sink calls are
    // live), until the next activation says otherwise.
    this.info = { ...this.info, unsafe: { ...this.info.unsafe, isReplaying: true, isReplayingHistoryEvents: false } };
    if (queryType === WORKFLOW_METADATA_QUERY_NAME) return this.metadata();
    // As Temporal's: the built-in and reserved queries never pass through the inbound interceptors.
    if (isInternalName(queryType) || !this.interceptors.inbound.some((i) => i.handleQuery)) return this.handlers.query(queryType, args);
    this.pendingQuery = undefined;
    const execute = composeInterceptors(this.interceptors.inbound, 'handleQuery', (input) => {
      const outcome = this.handlers.query(input.queryName, input.args as Payload[]);
      return outcome.failure ? Promise.reject(failureToError(outcome.failure)) : Promise.resolve(outcome.result);
    });
    new Promise<unknown>((resolve) =>
      resolve(execute({ queryId: queryId ?? queryType, queryName: queryType, args, headers: headersFromWire(headers) })),
    ).then(
      (value) => {
        try {
          this.pendingQuery = { result: toPayload(value, `the result of query ${queryType}`) };
        } catch (err) {
          this.pendingQuery = { failure: errorToFailure(err) };
        }
      },
      (err: unknown) => (this.pendingQuery = { failure: errorToFailure(err) }),
    );
    return { pending: true };
  }

  /** The answer of `__temporal_workflow_metadata`: the run's type, handlers and current details, as Temporal's SDK gives them. */
  private metadata(): QueryOutcome {
    const answer = workflowMetadata(this.info.workflowType, this.handlers.definitions(), this.currentDetails);
    return { result: toPayload(answer, `the result of query ${WORKFLOW_METADATA_QUERY_NAME}`) };
  }

  /** The answer of the last query that was `{ pending: true }` (a failure if its promise never settled). */
  queryOutcome(): QueryOutcome {
    const outcome = this.pendingQuery ?? {
      failure: errorToFailure(new Error('The query interceptor did not settle: query handlers must not wait for the workflow.')),
    };
    this.pendingQuery = undefined;
    return outcome;
  }

  /** The sink calls made since the last time they were taken (the worker makes them). */
  takeSinkCalls(): SinkCall[] {
    const calls = this.sinkCalls;
    this.sinkCalls = [];
    return calls;
  }

  /** The run leaves the worker's memory: the internals interceptors' `dispose`. */
  dispose(): void {
    composeInterceptors(this.interceptors.internals, 'dispose', () => undefined)({});
  }

  /** A log line of workflow code; muted, as Temporal's, when the call is made while history events are replayed. */
  log(entry: Omit<WorkflowLogEntry, 'timestamp'>): void {
    if (this.replayingHistoryEvents()) return;
    this.logs.push({ ...entry, timestamp: this.now });
  }

  /** Whether the code runs as part of replaying history (not a query, not an update validator): see UnsafeWorkflowInfo. */
  replayingHistoryEvents(): boolean {
    // Before the run is initialised (its modules loading), whether the first activation is replayed.
    return (this.info as WorkflowInfo | undefined)?.unsafe.isReplayingHistoryEvents ?? this.isReplaying;
  }

  /** The log lines since the last activation (those a query wrote: the worker writes them at once). */
  takeLogs(): WorkflowLogEntry[] {
    const logs = this.logs;
    this.logs = [];
    return logs;
  }
}

/**
 * Commands up to the first that closes the workflow, the rest dropped: what sdk-core sent before its
 * MoveTerminalCommands flag, so Temporal's histories recorded without that flag replay as they ran.
 */
function truncatedAtTerminal(commands: Command[], sites: (CodeSite | undefined)[]): Command[] {
  const i = commands.findIndex((c) => TERMINAL_COMMAND_TYPES.has(c.type));
  if (i < 0) return commands;
  sites.splice(i + 1);
  return commands.slice(0, i + 1);
}

/**
 * The command that closes the workflow goes last (the server requires it): an update handler or a
 * signal handler may issue commands in the same activation after the workflow function returned.
 */
function terminalLast(commands: Command[], sites: (CodeSite | undefined)[]): Command[] {
  const i = commands.findIndex((c) => TERMINAL_COMMAND_TYPES.has(c.type));
  if (i < 0 || i === commands.length - 1) return commands;
  commands.push(...commands.splice(i, 1));
  sites.push(...sites.splice(i, 1));
  return commands;
}
