// Small Temporal histories (proto3 JSON, as `temporal workflow show -o json` prints) for replay tests:
// a run that starts, completes one workflow task and completes, with the fields a test sets.
const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');

export interface TemporalPayloadJson {
  metadata: Record<string, string>;
  data?: string;
}

/** A `json/plain` payload as Temporal's JSON export holds it. */
export const temporalJsonPayload = (value: unknown): TemporalPayloadJson => ({
  metadata: { encoding: b64('json/plain') },
  data: b64(JSON.stringify(value)),
});

export type TemporalEventJson = Record<string, unknown> & { eventId: string; eventType: string };

const event = (eventId: number, type: string, attributes: Record<string, unknown>): TemporalEventJson => {
  const key = type
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return {
    eventId: String(eventId),
    eventTime: new Date(Date.UTC(2024, 4, 1, 12, 0, eventId)).toISOString(),
    eventType: type,
    [`${key}EventAttributes`]: attributes,
  };
};

/** The first workflow task of a run of `workflowType` (events 1–4), then `more` events numbered on. */
export function temporalRunHead(workflowType: string, started: Record<string, unknown> = {}): TemporalEventJson[] {
  return [
    event(1, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', {
      workflowType: { name: workflowType },
      taskQueue: { name: 'compat', kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: { payloads: [] },
      workflowTaskTimeout: '10s',
      originalExecutionRunId: 'run-1',
      firstExecutionRunId: 'run-1',
      attempt: 1,
      ...started,
    }),
    event(2, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', { taskQueue: { name: 'compat' }, startToCloseTimeout: '10s', attempt: 1 }),
    event(3, 'EVENT_TYPE_WORKFLOW_TASK_STARTED', { scheduledEventId: '2', identity: 'test', requestId: 'r-2' }),
    event(4, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED', { scheduledEventId: '2', startedEventId: '3', identity: 'test' }),
  ];
}

/** Numbers `events` (a type and attributes each) on after `head`. */
export function temporalEvents(
  head: TemporalEventJson[],
  ...more: [type: string, attributes: Record<string, unknown>][]
): TemporalEventJson[] {
  return [...head, ...more.map(([type, attributes], i) => event(head.length + i + 1, type, attributes))];
}

/** A run completed in its first workflow task, with `result` (a value, or a payload as it is). */
export function temporalRun(
  workflowType: string,
  options: { started?: Record<string, unknown>; result: unknown; resultPayload?: TemporalPayloadJson },
): { events: TemporalEventJson[] } {
  const payload = options.resultPayload ?? temporalJsonPayload(options.result);
  return {
    events: temporalEvents(temporalRunHead(workflowType, options.started), [
      'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
      { result: { payloads: [payload] }, workflowTaskCompletedEventId: '4' },
    ]),
  };
}
