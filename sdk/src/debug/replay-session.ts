// The replay runtime of the time-travel debugger (no VS Code, no DAP): a history and workflow code,
// and a position in the history that moves both ways.
//
//   const s = await ReplaySession.load({ history, workflowsPath });   // parses, bundles, replays once
//   s.goTo(7);            // position = event 7 (clamped to 1..s.lastReachable); returns the position
//   s.stepForward(); s.stepBack();
//   s.view();             // PositionView: the event, its source line, pending coroutines, workflow state,
//                         // and the non-determinism or code error if replay stops here
//   s.info[i]             // per event (index eventId - 1): source line and stop kinds, for breakpoints
//   s.eventsAtLine(file, line); s.eventsWithStop('activityFailed');
//   s.locals([site, …])   // the code's local variables at code sites of the position (Node's inspector)
//   s.dispose();
//
// The state at event E is the workflow after every workflow task that started at or before E. The
// replay goes through the sdk's WorkflowExecutor (as Worker.runReplayHistory does); going back replays
// from the start with the same sandbox (fast rather than clever), going forward continues the replay.
import path from 'node:path';
import { ValueError } from '../common/errors';
import type { History, HistoryEvent } from '../protocol';
import { bundleWorkflowCode, type WorkflowBundle } from '../worker/sandbox/bundler';
import { parseHistory } from '../worker/workflows/replay';
import { WorkflowSandbox } from '../worker/sandbox/sandbox';
import { eventView } from './event-view';
import { LocalsCapture } from './locals-capture';
import { replayIdentity, type ReplayIdentity } from './replay-identity';
import { indexHistory, type ReplayIndex } from './replay-index';
import { ReplayCursor } from './replay-cursor';
import { TaskCuts } from './task-cuts';
import type { EventInfo, FrameLocals, PendingCoroutine, PositionView, StopKind, WorkflowState } from './types';
import { workflowStateAt } from './workflow-state';

export interface ReplaySessionOptions {
  /** The history: `{ events: [...] }` as `rewind workflow show --output json` writes it (object or JSON text). */
  history: History | unknown;
  /** The workflow code: a workflows file to bundle, a bundle, or a sandbox already made (reused as is). */
  workflowsPath?: string;
  workflowBundle?: WorkflowBundle;
  sandbox?: WorkflowSandbox;
  /** Defaults to the history's workflowId. */
  workflowId?: string;
  /**
   * The worker's workflow interceptor modules (`interceptors.workflowModules`), bundled with
   * `workflowsPath`: an instrumented workflow replays with the interceptors it ran with.
   */
  workflowInterceptorModules?: string[];
}

export class ReplaySession {
  readonly events: readonly HistoryEvent[];
  /** Per event (index eventId - 1): its source line and stop kinds. */
  readonly info: readonly EventInfo[];
  private readonly cuts: TaskCuts;
  private readonly index: ReplayIndex;
  private cursor: ReplayCursor | undefined;
  private current = 1;

  private constructor(
    readonly sandbox: WorkflowSandbox,
    readonly history: History,
    private readonly identity: ReplayIdentity,
  ) {
    this.events = history.events;
    this.cuts = new TaskCuts(this.events);
    this.index = indexHistory(sandbox, history, identity, this.cuts);
    this.info = this.index.info;
    this.goTo(1);
  }

  static async load(options: ReplaySessionOptions): Promise<ReplaySession> {
    const history = parseHistory(options.history);
    let sandbox = options.sandbox;
    if (!sandbox) {
      const bundle =
        options.workflowBundle ??
        (options.workflowsPath
          ? await bundleWorkflowCode({
              workflowsPath: path.resolve(options.workflowsPath),
              workflowInterceptorModules: options.workflowInterceptorModules ?? [],
            })
          : undefined);
      if (!bundle) throw new ValueError('A replay session needs the workflow code: pass workflowsPath (or workflowBundle).');
      sandbox = await WorkflowSandbox.create(bundle);
    }
    return new ReplaySession(sandbox, history, replayIdentity(sandbox, history, options.workflowId));
  }

  /** The current position (an event id). */
  get position(): number {
    return this.current;
  }

  get length(): number {
    return this.events.length;
  }

  /** The last position replay can reach: the event of a non-determinism or code error, else the last event. */
  get lastReachable(): number {
    return this.index.lastReachable;
  }

  /** Moves to an event (clamped to 1..lastReachable) and replays to it; returns the position. */
  goTo(eventId: number): number {
    if (!Number.isInteger(eventId)) throw new ValueError(`An event id is a whole number (got ${eventId}).`);
    const target = Math.min(Math.max(eventId, 1), this.lastReachable);
    const cut = this.cuts.cutFor(target);
    if (!this.cursor || cut < this.cursor.cut || (this.cursor.error !== undefined && cut !== this.cursor.cut)) {
      this.cursor?.dispose();
      this.cursor = new ReplayCursor(this.sandbox, this.history, this.identity);
    }
    this.cursor.advanceTo(cut);
    this.current = target;
    return target;
  }

  stepForward(): number {
    return this.goTo(this.current + 1);
  }

  stepBack(): number {
    return this.goTo(this.current - 1);
  }

  /** What the workflow awaits at the position, each at its source line. */
  pending(): PendingCoroutine[] {
    return this.cursor?.pending() ?? [];
  }

  state(): WorkflowState {
    const state = workflowStateAt(this.events, this.current);
    const handlers = this.cursor?.handlers();
    return handlers ? { ...state, handlers } : state;
  }

  /** Everything shown at the position. */
  view(): PositionView {
    const { nonDeterminism, codeError } = this.index;
    return {
      position: this.current,
      event: eventView(this.events[this.current - 1]!),
      info: this.info[this.current - 1]!,
      pending: this.pending(),
      state: this.state(),
      ...(nonDeterminism?.eventId === this.current ? { nonDeterminism } : {}),
      ...(codeError?.eventId === this.current ? { codeError } : {}),
    };
  }

  get nonDeterminism(): ReplayIndex['nonDeterminism'] {
    return this.index.nonDeterminism;
  }

  get codeError(): ReplayIndex['codeError'] {
    return this.index.codeError;
  }

  /**
   * The local variables of the workflow code at code sites of this position (`info.site` of the event,
   * `site` of a pending coroutine): the user's frames at the moment the code reached each site, innermost
   * first. One more replay to the position, paused at those sites under Node's inspector.
   */
  locals(sites: readonly number[]): Map<number, FrameLocals[]> {
    const out = new Map<number, FrameLocals[]>();
    const wanted = new Set(sites);
    if (wanted.size === 0 || !this.cursor) return out;
    const capture = new LocalsCapture(this.sandbox.sourceMap);
    const replay = new ReplayCursor(this.sandbox, this.history, this.identity);
    this.sandbox.setSiteHook((site) => {
      if (wanted.has(site)) out.set(site, capture.captureHere());
    });
    try {
      replay.advanceTo(this.cursor.cut);
    } finally {
      this.sandbox.setSiteHook(undefined);
      replay.dispose();
      capture.dispose();
    }
    return out;
  }

  /** Events whose source line is `line` of `file` (a line breakpoint), in order. */
  eventsAtLine(file: string, line: number): number[] {
    const want = path.resolve(file);
    return this.info.filter((i) => i.location?.line === line && path.resolve(i.location.file) === want).map((i) => i.eventId);
  }

  /** Events that match an event breakpoint, in order. */
  eventsWithStop(kind: StopKind): number[] {
    return this.info.filter((i) => i.stops.includes(kind)).map((i) => i.eventId);
  }

  dispose(): void {
    this.cursor?.dispose();
    this.cursor = undefined;
  }
}
