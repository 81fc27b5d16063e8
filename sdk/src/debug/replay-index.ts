// The first replay of a whole history, done once at load: for each event, the source line behind it
// (the command's site for events the code issued, the awaiting site for events that resolve one) and
// its stop kinds; and where the replay stops if the code no longer matches the history.
import { definedFields } from '../common/defined-fields';
import type { History, HistoryEvent } from '../protocol';
import { pairCommands } from '../worker/workflows/determinism';
import type { WorkflowSandbox } from '../worker/sandbox/sandbox';
import type { SourceLocation } from '../worker/sandbox/source-map';
import { eventStops } from './event-stops';
import { replayStop } from './replay-stop';
import { ReplayCursor, type TaskActivation } from './replay-cursor';
import type { TaskCuts } from './task-cuts';
import type { EventInfo, NonDeterminism, PendingCoroutine, ReplayCodeError } from './types';

export interface ReplayIndex {
  info: EventInfo[];
  /** The last event replay can reach: the stop's event, or the last event. */
  lastReachable: number;
  nonDeterminism?: NonDeterminism;
  codeError?: ReplayCodeError;
}

type Identity = { workflowId: string; runId: string; workflowType: string; recordedByTemporal?: boolean };

export function indexHistory(sandbox: WorkflowSandbox, history: History, identity: Identity, cuts: TaskCuts): ReplayIndex {
  const events = history.events;
  const stops = eventStops(events);
  const info: EventInfo[] = events.map((e, i) => ({
    eventId: e.eventId,
    ...definedFields({ taskStartedEventId: cuts.taskOf[i] }),
    stops: stops[i]!,
  }));
  const issued = (eventId: number, location: SourceLocation | undefined, site: number | undefined): void => {
    if (location) Object.assign(info[eventId - 1]!, { location, locationKind: 'issued', ...(site ? { site } : {}) });
  };
  const cursor = new ReplayCursor(sandbox, history, identity, {
    onTask(task, activations: TaskActivation[]) {
      const commands = activations.flatMap((a) => a.commands);
      const stacks = activations.flatMap((a) => a.stacks);
      const sites = activations.flatMap((a) => a.sites);
      pairCommands(commands, task.commandEvents).forEach((e, i) => {
        if (e) issued(e.eventId, sandbox.sourceMap.userFrame(stacks[i]), sites[i]);
      });
    },
  });
  // Signals resolve conditions: the awaiting site is a condition waiting before the task that read
  // them and no longer after it. A signal at position S is read by the task that the next cut runs.
  const signalsAt = new Map<number, number[]>();
  for (const e of events) {
    if (e.type !== 'WorkflowExecutionSignaled') continue;
    const at = cuts.cutFor(e.eventId);
    signalsAt.set(at, [...(signalsAt.get(at) ?? []), e.eventId]);
  }
  try {
    for (const cut of cuts.allCuts()) {
      const signals = signalsAt.get(cursor.cut);
      const before = signals ? cursor.pending() : [];
      if (!cursor.advanceTo(cut)) break;
      if (signals) awaitedBySignals(signals, before, cursor.pending(), info);
    }
    awaitedByReference(events, info);
    const stop = cursor.error !== undefined ? replayStop(cursor.error, sandbox) : undefined;
    if (stop?.nonDeterminism) info[stop.nonDeterminism.eventId - 1]!.stops.push('nonDeterminism');
    return {
      info,
      lastReachable: stop?.nonDeterminism?.eventId ?? stop?.codeError?.eventId ?? events.length,
      ...stop,
    };
  } finally {
    cursor.dispose();
  }
}

/** Events that resolve a command's promise point where the command was issued (the await is there). */
function awaitedByReference(events: readonly HistoryEvent[], info: EventInfo[]): void {
  const timers = new Map<string, number>();
  for (const e of events) {
    let ref: number | undefined;
    switch (e.type) {
      case 'TimerStarted':
        timers.set(e.timerId, e.eventId);
        break;
      case 'TimerFired':
        ref = timers.get(e.timerId);
        break;
      case 'ActivityTaskStarted':
      case 'ActivityTaskCompleted':
      case 'ActivityTaskFailed':
      case 'ActivityTaskTimedOut':
      case 'ActivityTaskCanceled':
        ref = e.scheduledEventId;
        break;
      case 'StartChildWorkflowExecutionFailed':
      case 'ChildWorkflowExecutionStarted':
      case 'ChildWorkflowExecutionCompleted':
      case 'ChildWorkflowExecutionFailed':
      case 'ChildWorkflowExecutionCanceled':
      case 'ChildWorkflowExecutionTimedOut':
      case 'ChildWorkflowExecutionTerminated':
      case 'ExternalWorkflowExecutionSignaled':
      case 'SignalExternalWorkflowExecutionFailed':
      case 'ExternalWorkflowExecutionCancelRequested':
      case 'RequestCancelExternalWorkflowExecutionFailed':
        ref = e.initiatedEventId;
        break;
      default:
        break;
    }
    const from = ref !== undefined ? info[ref - 1] : undefined;
    if (from?.location) {
      Object.assign(info[e.eventId - 1]!, { location: from.location, locationKind: 'awaited', ...(from.site ? { site: from.site } : {}) });
    }
  }
}

/** Signals read by one task point at the first condition that task resolved. */
function awaitedBySignals(signals: number[], before: PendingCoroutine[], after: PendingCoroutine[], info: EventInfo[]): void {
  const key = (p: PendingCoroutine): string => `${p.what} ${JSON.stringify(p.frames)}`;
  const still = new Set(after.map(key));
  const resolved = before.find((p) => p.what === 'condition' && !still.has(key(p)));
  if (!resolved?.location) return;
  const site = resolved.site ? { site: resolved.site } : {};
  for (const id of signals) Object.assign(info[id - 1]!, { location: resolved.location, locationKind: 'awaited', ...site });
}
