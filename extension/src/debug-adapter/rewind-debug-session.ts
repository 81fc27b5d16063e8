// The `rewind` debug session: a thin DAP layer over the replay runtime (ReplaySession). Positions are
// history events; every motion moves the runtime and reports a stop. Each frame (the event's line, a
// pending coroutine) has the Event and Workflow scopes, and Locals read from the code at its site.
import path from 'node:path';
import { DebugSession, Event, InitializedEvent, OutputEvent, Scope, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FrameLocals, StopKind } from '@rewind/sdk/internal/debug/types';
import { exceptionInfo } from './exception-info';
import { readLaunchArguments, type LaunchPlan } from './launch-plan';
import { LineBreakpoints } from './line-breakpoints';
import { codeEventTarget, eventTarget, findHit, workflowTaskTarget, type Direction } from './navigation';
import { writeNodeReplayJob } from './node-replay-job';
import { loadReplayRuntime, type ReplaySession } from './replay-runtime';
import { frameSites, stackFrames } from './stack-frames';
import { defaultStopKinds, exceptionFilters, isStopKind } from './stop-filters';
import { LocalValues, VariableStore, eventScope, workflowScope } from './variables';

const THREAD_ID = 1;
/** How long launch waits for configurationDone (a client that never sends it still gets its first stop). */
const CONFIGURATION_WAIT_MS = 2000;
const LAUNCH_FAILED = 3001;

type Reason = 'entry' | 'step' | 'breakpoint' | 'exception' | 'goto';

export class RewindDebugSession extends DebugSession {
  private session: ReplaySession | undefined;
  /** What the session was launched with (the history as given, the workflow code). */
  private plan: LaunchPlan | undefined;
  private breakpoints: LineBreakpoints | undefined;
  /** Line breakpoints that arrive before the history is loaded (applied at load). */
  private readonly earlyBreakpoints = new Map<string, number[]>();
  private stopKinds = defaultStopKinds();
  /** Why the session last stopped (for exceptionInfo). */
  private lastStopKinds: StopKind[] = [];
  private readonly variables = new VariableStore();
  /** The Locals of each frame at the position (read once per stop, when first asked for). */
  private frameLocals: Map<number, LocalValues> | undefined;
  private configured!: Promise<void>;
  private markConfigured!: () => void;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.configured = new Promise((resolve) => (this.markConfigured = resolve));
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsSteppingGranularity: true,
      supportsExceptionInfoRequest: true,
      supportsRestartFrame: false,
      supportsEvaluateForHovers: false,
      exceptionBreakpointFilters: exceptionFilters(),
    };
    this.sendResponse(response);
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): void {
    // DebugSession answers a request whose handler throws; a rejected promise it would leave unhandled.
    this.launch(response, args).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.sendErrorResponse(response, { id: LAUNCH_FAILED, format: '{_message}', variables: { _message: message }, showUser: true });
      // A session that could not launch ends, rather than staying in the Call Stack with nothing in it.
      this.sendEvent(new TerminatedEvent());
    });
  }

  private async launch(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): Promise<void> {
    const plan = readLaunchArguments(args, process.cwd());
    this.plan = plan;
    const runtime = loadReplayRuntime([path.dirname(plan.workflowsPath), process.cwd()]);
    const session = await runtime.ReplaySession.load({
      history: plan.history,
      workflowsPath: plan.workflowsPath,
      workflowInterceptorModules: plan.workflowInterceptorModules,
      ...(plan.workflowId !== undefined ? { workflowId: plan.workflowId } : {}),
    });
    this.session = session;
    this.breakpoints = new LineBreakpoints(session);
    for (const [file, lines] of this.earlyBreakpoints) this.breakpoints.set(file, lines);
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configured, new Promise((resolve) => setTimeout(resolve, CONFIGURATION_WAIT_MS))]);
    this.sendResponse(response);
    if (plan.stopOnEntry) this.stopAt(session.goTo(1), 'entry');
    else this.runFrom(1);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.markConfigured();
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    const file = args.source.path ? this.convertClientPathToDebugger(args.source.path) : undefined;
    const lines = (args.breakpoints ?? []).map((b) => this.convertClientLineToDebugger(b.line));
    if (!file) {
      response.body = {
        breakpoints: lines.map(() => ({ verified: false, message: 'Only breakpoints in workflow source files stop replay.' })),
      };
      this.sendResponse(response);
      return;
    }
    if (!this.breakpoints) this.earlyBreakpoints.set(file, lines);
    const set = this.breakpoints?.set(file, lines);
    response.body = {
      breakpoints: lines.map((line, i) => {
        const bp = set?.[i];
        const verified = (bp?.events.length ?? 0) > 0;
        return {
          ...(bp ? { id: bp.id } : {}),
          verified,
          line: this.convertDebuggerLineToClient(line),
          source: args.source,
          ...(verified ? {} : { message: 'No event of this history comes from this line.', reason: 'failed' as const }),
        };
      }),
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    const ids = [...args.filters, ...(args.filterOptions ?? []).map((o) => o.filterId)];
    this.stopKinds = new Set(ids.filter(isStopKind));
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const id = this.session?.history.workflowId ?? this.session?.view().state.workflowType ?? 'replay';
    response.body = { threads: [new Thread(THREAD_ID, `Workflow ${id}`)] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const s = this.session;
    const frames = s
      ? stackFrames(s.events, s.view(), {
          path: (file) => this.convertDebuggerPathToClient(file),
          line: (line) => this.convertDebuggerLineToClient(line),
          column: (column) => this.convertDebuggerColumnToClient(column),
        })
      : [];
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const s = this.session;
    if (!s) return this.sendResponse(response);
    const view = s.view();
    const locals = this.localsOf(args.frameId);
    response.body = {
      scopes: [
        ...(locals ? [new Scope('Locals', this.variables.reference(locals), false)] : []),
        new Scope('Event', this.variables.reference(eventScope(view)), false),
        new Scope('Workflow', this.variables.reference(workflowScope(view.state)), false),
      ],
    };
    this.sendResponse(response);
  }

  /** The Locals of a frame (0: the event's line; 1…: the pending coroutines), read for all frames at once. */
  private localsOf(frameId: number): LocalValues | undefined {
    const s = this.session!;
    if (!this.frameLocals) {
      const sites = frameSites(s.view());
      let read = new Map<number, FrameLocals[]>();
      try {
        read = s.locals(sites.filter((site): site is number => site !== undefined));
      } catch (err) {
        this.sendEvent(new OutputEvent(`Rewind could not read the locals: ${err instanceof Error ? err.message : String(err)}\n`));
      }
      this.frameLocals = new Map();
      sites.forEach((site, frame) => {
        const innermost = site !== undefined ? read.get(site)?.[0] : undefined;
        if (innermost) this.frameLocals!.set(frame, new LocalValues(innermost.variables));
      });
    }
    return this.frameLocals.get(frameId);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = { variables: this.variables.children(args.variablesReference) };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    if (!this.session) return this.sendResponse(response);
    response.body = exceptionInfo(this.session.view(), this.lastStopKinds);
    this.sendResponse(response);
  }

  /** Step Over: to the next event a line of code issued or awaits (`instruction` granularity: the next event). */
  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    if (args.granularity === 'instruction') this.move(response, (s) => eventTarget(s, s.position, 1));
    else this.stepOverCode(response, 1);
  }

  /** Step Into: to the next event, whatever it is (workflow task events too). */
  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.move(response, (s) => eventTarget(s, s.position, 1));
  }

  /** Step Out: to the next workflow task (its WorkflowTaskStarted). */
  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.move(response, (s) => workflowTaskTarget(s, s.position, 1));
  }

  /** Step Back: to the previous event a line of code issued or awaits (`instruction` granularity: the previous event). */
  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    if (args.granularity === 'instruction') this.move(response, (s) => eventTarget(s, s.position, -1));
    else this.stepOverCode(response, -1);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    const s = this.session;
    if (!s) return this.sendResponse(response);
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.runFrom(s.position + 1);
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    const s = this.session;
    if (!s) return this.sendResponse(response);
    this.sendResponse(response);
    const hit = findHit(s, s.position, -1, (id) => this.isHit(id));
    this.stopAt(s.goTo(hit ?? 1), hit === undefined ? 'step' : undefined);
  }

  /**
   * `goToEvent` {eventId}: jump to an event (the history view's click).
   * `stepBackInto`: to the previous event, whatever it is (Step Into backwards: DAP's stepBack has no such motion).
   * `stepBackOut`: to the previous workflow task (its WorkflowTaskStarted; Step Out backwards).
   * `nodeReplayJob` {frameId}: the job of "Open in Node debugger" for a frame of the position: `{ jobFile, eventId }`.
   */
  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === 'stepBackInto') return this.move(response, (s) => eventTarget(s, s.position, -1));
    if (command === 'stepBackOut') return this.move(response, (s) => workflowTaskTarget(s, s.position, -1));
    if (command === 'nodeReplayJob' && this.session && this.plan) {
      const frameId = (args as { frameId?: unknown } | undefined)?.frameId;
      const view = this.session.view();
      const site = frameSites(view)[typeof frameId === 'number' ? frameId : 0];
      const { history, workflowsPath, workflowInterceptorModules } = this.plan;
      const job = { history, workflowsPath, workflowInterceptorModules, eventId: view.position };
      response.body = { jobFile: writeNodeReplayJob(site !== undefined ? { ...job, site } : job), eventId: view.position };
      return this.sendResponse(response);
    }
    const eventId = (args as { eventId?: unknown } | undefined)?.eventId;
    if (command !== 'goToEvent' || !this.session) return super.customRequest(command, response, args);
    if (typeof eventId !== 'number' || !Number.isInteger(eventId)) {
      this.sendErrorResponse(response, { id: LAUNCH_FAILED + 1, format: 'goToEvent needs an integer eventId.', showUser: false });
      return;
    }
    this.sendResponse(response);
    this.stopAt(this.session.goTo(eventId), 'goto');
  }

  protected override disconnectRequest(
    response: DebugProtocol.DisconnectResponse,
    args: DebugProtocol.DisconnectArguments,
    request?: DebugProtocol.Request,
  ): void {
    this.session?.dispose();
    this.session = undefined;
    super.disconnectRequest(response, args, request);
  }

  /** A step: respond, move the runtime, report the stop. */
  private move(response: DebugProtocol.Response, target: (s: ReplaySession) => number): void {
    const s = this.session;
    this.sendResponse(response);
    if (s) this.stopAt(s.goTo(target(s)), 'step');
  }

  /** Step Over / Step Back: to the next or previous code event, or a hit on the way (reported as a hit). */
  private stepOverCode(response: DebugProtocol.Response, direction: Direction): void {
    const s = this.session;
    this.sendResponse(response);
    if (!s) return;
    const target = s.goTo(codeEventTarget(s, s.position, direction, (id) => this.isHit(id)));
    this.stopAt(target, this.isHit(target) ? undefined : 'step');
  }

  /** Continue: to the first hit at or after `from`, else the last reachable event. */
  private runFrom(from: number): void {
    const s = this.session!;
    const hit = findHit(s, from - 1, 1, (id) => this.isHit(id));
    this.stopAt(s.goTo(hit ?? s.lastReachable), hit === undefined ? 'step' : undefined);
  }

  /** Whether replay stops at an event: an enabled event breakpoint, a line breakpoint, or a code error. */
  private isHit(eventId: number): boolean {
    const s = this.session!;
    if (s.codeError?.eventId === eventId) return true;
    if (s.info[eventId - 1]?.stops.some((k) => this.stopKinds.has(k))) return true;
    return (this.breakpoints?.hitsAt(eventId).length ?? 0) > 0;
  }

  /** Reports a stop at an event; the reason is worked out from the event unless given. */
  private stopAt(eventId: number, given: Reason | undefined): void {
    const s = this.session!;
    this.variables.reset();
    this.frameLocals = undefined;
    const view = s.view();
    const kinds = view.info.stops.filter((k) => this.stopKinds.has(k));
    this.lastStopKinds = kinds;
    const hits = this.breakpoints?.hitsAt(eventId) ?? [];
    let reason: Reason = given ?? 'step';
    let description: string | undefined;
    if (view.nonDeterminism || view.codeError) {
      reason = 'exception';
      description = view.nonDeterminism ? 'Non-determinism' : 'Workflow code threw';
      if (view.nonDeterminism && !kinds.includes('nonDeterminism')) this.lastStopKinds = ['nonDeterminism'];
    } else if (given === undefined && kinds.length > 0) {
      reason = 'exception';
      description = exceptionInfo(view, kinds).description;
    } else if (given === undefined && hits.length > 0) {
      reason = 'breakpoint';
    }
    const stopped: DebugProtocol.StoppedEvent = new StoppedEvent(reason, THREAD_ID);
    if (description) stopped.body.description = description;
    if (reason === 'exception') stopped.body.text = description;
    if (reason === 'breakpoint') stopped.body.hitBreakpointIds = hits.map((b) => b.id);
    this.sendEvent(stopped);
    // For the extension's history view: the event the debugger is at.
    this.sendEvent(new Event('rewindPosition', { eventId, length: s.length, lastReachable: s.lastReachable }));
  }

  /** A session ends only when the client disconnects; an explicit terminate ends it too. */
  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }
}
