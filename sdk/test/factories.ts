// Small factories for activations and histories, so that tests read as "message in, commands out".
import type { Activation, ActivationJob, HistoryEvent, HistoryEventBody, Payload, WorkflowStartInfo } from '@rewind/sdk/protocol';

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

export function makeStartInfo(workflowType: string, overrides: Partial<WorkflowStartInfo> = {}): WorkflowStartInfo {
  return {
    namespace: 'default',
    workflowId: `wf-${workflowType}`,
    runId: `run-${workflowType}`,
    workflowType,
    taskQueue: 'test',
    firstExecutionRunId: `run-${workflowType}`,
    originalExecutionRunId: `run-${workflowType}`,
    attempt: 1,
    startTime: T0,
    workflowTaskTimeoutMs: 10_000,
    ...overrides,
  };
}

export function makeActivation(jobs: ActivationJob[], timestamp = T0, historyLength = 3): Activation {
  return { timestamp, isReplaying: false, historyLength, jobs };
}

export function makeStart(workflowType: string, args: Payload[] = [], seed = 7): ActivationJob {
  return { type: 'InitializeWorkflow', info: makeStartInfo(workflowType), args, randomnessSeed: seed };
}

export function makeResolveActivity(seq: number, result: Payload): ActivationJob {
  return { type: 'ResolveActivity', seq, resolution: { status: 'completed', result } };
}

export function makeFailActivity(seq: number, message: string, errorType = 'Error'): ActivationJob {
  return {
    type: 'ResolveActivity',
    seq,
    resolution: {
      status: 'failed',
      failure: {
        message: 'Activity task failed',
        info: {
          type: 'activity',
          activityType: 'charge',
          activityId: String(seq),
          retryState: 'MAXIMUM_ATTEMPTS_REACHED',
          scheduledEventId: 5,
          startedEventId: 6,
        },
        cause: { message, info: { type: 'application', errorType, nonRetryable: false } },
      },
    },
  };
}

export function makeFireTimer(seq: number): ActivationJob {
  return { type: 'FireTimer', seq };
}

export function makeSignal(signalName: string, args: Payload[] = []): ActivationJob {
  return { type: 'SignalWorkflow', signalName, args };
}

/** Builds a history with consecutive ids and times one second apart from T0. */
export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];

  add(body: HistoryEventBody, seconds = this.events.length): HistoryEvent {
    const event = { eventId: this.events.length + 1, eventTime: new Date(T0 + seconds * 1000).toISOString(), ...body } as HistoryEvent;
    this.events.push(event);
    return event;
  }
}
