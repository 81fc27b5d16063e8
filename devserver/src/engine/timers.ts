// Durable timers started by workflow code (`sleep`, `condition` with a timeout).
import type { CommandOf } from '@rewind/sdk/protocol';
import type { RunTransition } from './transition';
import { workflowEventArrived } from './workflow-task';

export function startTimer(tx: RunTransition, cmd: CommandOf<'StartTimer'>, workflowTaskCompletedEventId: number): void {
  const timerId = String(cmd.seq);
  const event = tx.append({ type: 'TimerStarted', timerId, startToFireTimeoutMs: cmd.startToFireTimeoutMs, workflowTaskCompletedEventId });
  tx.state.timers[timerId] = { timerId, startedEventId: event.eventId, fireAt: tx.now + cmd.startToFireTimeoutMs };
}

export function fireTimer(tx: RunTransition, timerId: string): void {
  const timer = tx.state.timers[timerId];
  if (!timer) return;
  tx.append({ type: 'TimerFired', timerId, startedEventId: timer.startedEventId });
  delete tx.state.timers[timerId];
  workflowEventArrived(tx);
}

export function cancelTimer(tx: RunTransition, cmd: CommandOf<'CancelTimer'>, workflowTaskCompletedEventId: number): void {
  const timerId = String(cmd.seq);
  const timer = tx.state.timers[timerId];
  // Recorded even when the timer fired meanwhile, so that replay finds the command's event.
  tx.append({ type: 'TimerCanceled', timerId, startedEventId: timer?.startedEventId ?? 0, workflowTaskCompletedEventId });
  delete tx.state.timers[timerId];
}
