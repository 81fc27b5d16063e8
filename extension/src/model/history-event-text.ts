// Each history event in words: a one-line summary for the full view, its category (for colour), and
// the sections (input, result, failure, …) a details pane pretty-prints. One case per event type.
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { assertNever, formatDuration } from '@rewind/sdk/common';
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import { briefArgs, briefFailure, briefValue, prettyFailure, prettyValue } from './payload-text';

export type EventCategory = 'workflow' | 'task' | 'activity' | 'timer' | 'signal' | 'child' | 'update' | 'marker' | 'external';

/** A titled block of text in the details pane. */
export interface DetailSection {
  title: string;
  text: string;
}

/** What kind of thing an event is about. */
export function eventCategory(e: HistoryEvent): EventCategory {
  const t = e.type;
  if (t.startsWith('WorkflowTask')) return 'task';
  if (t.startsWith('ActivityTask')) return 'activity';
  if (t.startsWith('Timer')) return 'timer';
  if (t.startsWith('WorkflowExecutionUpdate')) return 'update';
  if (t === 'WorkflowExecutionSignaled') return 'signal';
  if (t.includes('ChildWorkflow')) return 'child';
  if (t.includes('External')) return 'external';
  if (t === 'MarkerRecorded' || t === 'UpsertWorkflowSearchAttributes' || t === 'WorkflowPropertiesModified') return 'marker';
  return 'workflow';
}

/** True for the events that record something going wrong. */
export function isFailureEvent(e: HistoryEvent): boolean {
  return /Failed$|TimedOut$|Terminated$/.test(e.type) || (e.type === 'MarkerRecorded' && e.failure !== undefined);
}

/** The one line the full view shows after the event type. */
export function eventSummary(e: HistoryEvent): string {
  switch (e.type) {
    case 'WorkflowExecutionStarted':
      return `${e.workflowType}${briefArgs(e.input)} on ${e.taskQueue}${e.initiator ? ` (${e.initiator})` : ''}`;
    case 'WorkflowExecutionCompleted':
      return e.result === undefined ? 'returned' : `→ ${briefValue(e.result)}`;
    case 'WorkflowExecutionFailed':
      return e.retryState === 'RETRY_POLICY_NOT_SET' ? briefFailure(e.failure) : `${briefFailure(e.failure)} (${e.retryState})`;
    case 'WorkflowExecutionTimedOut':
      return e.retryState;
    case 'WorkflowExecutionCanceled':
      return e.details?.length ? briefValue(e.details) : '';
    case 'WorkflowExecutionTerminated':
      return e.reason ?? '';
    case 'WorkflowExecutionContinuedAsNew':
      return `${e.workflowType}${briefArgs(e.input)} as run ${e.newExecutionRunId}`;
    case 'WorkflowExecutionCancelRequested':
      return e.cause ?? '';
    case 'WorkflowExecutionSignaled':
      return `${e.signalName}${briefArgs(e.input)}`;
    case 'WorkflowTaskScheduled':
      return e.attempt > 1 ? `attempt ${e.attempt}` : '';
    case 'WorkflowTaskStarted':
      return `scheduled ${e.scheduledEventId}${e.identity ? ` by ${e.identity}` : ''}`;
    case 'WorkflowTaskCompleted':
      return `started ${e.startedEventId}`;
    case 'WorkflowTaskFailed':
      return `${e.cause}: ${briefFailure(e.failure)}`;
    case 'WorkflowTaskTimedOut':
      return e.timeoutType;
    case 'ActivityTaskScheduled':
      return `${e.activityType}${briefArgs(e.input)} id ${e.activityId}`;
    case 'ActivityTaskStarted':
      return `scheduled ${e.scheduledEventId}, attempt ${e.attempt}${e.lastFailure ? ` after ${briefFailure(e.lastFailure, 60)}` : ''}`;
    case 'ActivityTaskCompleted':
      return `scheduled ${e.scheduledEventId} → ${e.result === undefined ? 'undefined' : briefValue(e.result)}`;
    case 'ActivityTaskFailed':
      return `scheduled ${e.scheduledEventId}: ${briefFailure(e.failure)}`;
    case 'ActivityTaskTimedOut':
      return `scheduled ${e.scheduledEventId}: ${briefFailure(e.failure)}`;
    case 'ActivityTaskCancelRequested':
      return `scheduled ${e.scheduledEventId}`;
    case 'ActivityTaskCanceled':
      return `scheduled ${e.scheduledEventId}`;
    case 'TimerStarted':
      return `${formatDuration(e.startToFireTimeoutMs)} (timer ${e.timerId})`;
    case 'TimerFired':
      return `timer ${e.timerId}`;
    case 'TimerCanceled':
      return `timer ${e.timerId}`;
    case 'MarkerRecorded':
      return `${e.markerName}${e.failure ? `: ${briefFailure(e.failure)}` : ''}`;
    case 'UpsertWorkflowSearchAttributes':
      return briefValue(e.searchAttributes);
    case 'WorkflowPropertiesModified':
      return `memo ${Object.keys(e.upsertedMemo).join(', ')}`;
    case 'StartChildWorkflowExecutionInitiated':
      return `${e.workflowType}${briefArgs(e.input)} as ${e.workflowId}`;
    case 'StartChildWorkflowExecutionFailed':
      return `${e.workflowId}: ${e.cause}`;
    case 'ChildWorkflowExecutionStarted':
      return `${e.workflowType} ${e.workflowId}`;
    case 'ChildWorkflowExecutionCompleted':
      return `${e.workflowId} → ${e.result === undefined ? 'undefined' : briefValue(e.result)}`;
    case 'ChildWorkflowExecutionFailed':
      return `${e.workflowId}: ${briefFailure(e.failure)}`;
    case 'ChildWorkflowExecutionCanceled':
    case 'ChildWorkflowExecutionTimedOut':
    case 'ChildWorkflowExecutionTerminated':
      return e.workflowId;
    case 'SignalExternalWorkflowExecutionInitiated':
      return `${e.signalName}${briefArgs(e.input)} to ${e.workflowId}`;
    case 'ExternalWorkflowExecutionSignaled':
    case 'ExternalWorkflowExecutionCancelRequested':
    case 'RequestCancelExternalWorkflowExecutionInitiated':
      return e.workflowId;
    case 'SignalExternalWorkflowExecutionFailed':
    case 'RequestCancelExternalWorkflowExecutionFailed':
      return `${e.workflowId}: ${e.cause}`;
    case 'WorkflowExecutionUpdateAccepted':
      return `${e.name}${briefArgs(e.input)} id ${e.updateId}`;
    case 'WorkflowExecutionUpdateCompleted':
      return `${e.updateId} ${e.failure ? briefFailure(e.failure) : `→ ${e.result === undefined ? 'undefined' : briefValue(e.result)}`}`;
    default:
      return assertNever(e, 'A history event type the history view does not know');
  }
}

/** The event's payloads and failure, pretty-printed, then all of its attributes as JSON. */
export function eventDetails(e: HistoryEvent): DetailSection[] {
  const out: DetailSection[] = [];
  const add = (title: string, text: string): void => void out.push({ title, text });
  if ('input' in e) add('Input', prettyValue(e.input));
  if ('result' in e) add('Result', prettyValue(e.result));
  if (e.type === 'MarkerRecorded') add('Details', displayJson(e.details, 2) ?? '{}');
  else if ('details' in e && e.details !== undefined) add('Details', prettyValue(e.details));
  if ('failure' in e && e.failure) add('Failure', prettyFailure(e.failure));
  if (e.type === 'ActivityTaskStarted' && e.lastFailure) add('Last failure', prettyFailure(e.lastFailure));
  if (e.type === 'WorkflowExecutionStarted' && e.lastCompletionResult !== undefined)
    add('Last completion result', prettyValue(e.lastCompletionResult));
  add('Event', JSON.stringify(e, null, 2));
  return out;
}
