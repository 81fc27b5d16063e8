// One replay of a history through the sdk's WorkflowExecutor (the code path of Worker.runReplayHistory),
// advanced cut by cut. A replay that fails (non-determinism, code that throws) stops where it is and
// keeps the error; the run stays readable (where it waits, its handlers).
import type { ActivationResult, History, HistoryEvent } from '../protocol';
import type { SandboxRun, WorkflowSandbox } from '../worker/sandbox/sandbox';
import { WorkflowExecutor, type ExecutorObserver } from '../worker/workflows/workflow-executor';
import type { HandlerNames, PendingCoroutine } from './types';

export interface TaskActivation {
  /** The commands of one activation of the task, with where each was issued. */
  commands: Extract<ActivationResult, { status: 'ok' }>['commands'];
  stacks: (string | undefined)[];
  /** The site ordinal of each command. */
  sites: (number | undefined)[];
}

/** Told about each task replayed: its activations' commands and their sites (read only when asked). */
export interface CursorObserver {
  onTask(task: { startedEventId: number; commandEvents: HistoryEvent[]; jobEventIds: number[] }, activations: TaskActivation[]): void;
}

export class ReplayCursor {
  private readonly executor: WorkflowExecutor;
  private run: SandboxRun | undefined;
  /** Events replayed so far (a prefix of the history). */
  cut = 0;
  /** Why the replay stopped, if it did. */
  error: unknown;

  constructor(
    private readonly sandbox: WorkflowSandbox,
    private readonly history: History,
    identity: { workflowId: string; runId: string; workflowType: string; recordedByTemporal?: boolean },
    observer?: CursorObserver,
  ) {
    let activations: TaskActivation[] = [];
    const hooks: ExecutorObserver = {
      onActivation: (_task, result, run) => {
        this.run = run;
        if (!observer || result.status !== 'ok') return;
        activations.push({ commands: result.commands, stacks: run.commandStacks(), sites: run.commandSites() });
      },
      onTask: (task) => {
        if (observer && task.commandEvents) {
          observer.onTask(
            { startedEventId: task.startedEventId, commandEvents: task.commandEvents, jobEventIds: task.jobEventIds },
            activations,
          );
        }
        activations = [];
      },
    };
    this.executor = new WorkflowExecutor(sandbox, { namespace: 'default', ...identity }, hooks);
  }

  /** Replays the events up to `cut` (forward only); false if the replay has stopped on an error. */
  advanceTo(cut: number): boolean {
    if (this.error !== undefined) return false;
    if (cut <= this.cut) return true;
    const events = this.history.events.slice(this.cut, cut);
    this.cut = cut;
    try {
      this.executor.process(events);
      return true;
    } catch (err) {
      this.error = err;
      return false;
    }
  }

  /** What the workflow awaits now, each where it began to wait (only known for replayed code). */
  pending(): PendingCoroutine[] {
    return (this.run?.stack() ?? []).map(({ what, stack, site }) => {
      const frames = this.sandbox.sourceMap.frames(stack).filter((f) => !/[\\/]node_modules[\\/]/.test(f.file));
      return { what, ...(frames[0] ? { location: frames[0] } : {}), frames, site };
    });
  }

  /** The handlers the code has set, once it started. */
  handlers(): HandlerNames | undefined {
    return this.run?.handlers();
  }

  dispose(): void {
    this.executor.dispose();
    this.run = undefined;
  }
}
