// The Variables view: the Event and Workflow scopes at a position, as trees of plain JSON values
// (payloads are decoded JSON already); each object or array gets a handle for its children.
import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { LocalValue, PositionView, WorkflowState } from '@rewind/sdk/internal/debug/types';

/** Local variables read through Node's inspector: each comes with its rendering and its children. */
export class LocalValues {
  constructor(readonly values: readonly LocalValue[]) {}
}

/** The Event scope: type, id, time, then the event's own attributes. */
export function eventScope(view: PositionView): Record<string, unknown> {
  const { event } = view;
  return { type: event.type, eventId: event.eventId, time: event.time, summary: event.summary, ...event.attributes };
}

/** The Workflow scope: lists keyed by what each item is, so that the tree reads without opening it. */
export function workflowScope(state: WorkflowState): Record<string, unknown> {
  const keyed = <T>(items: readonly T[], key: (item: T) => string): Record<string, T> =>
    Object.fromEntries(items.map((item) => [key(item), item]));
  return {
    status: state.status,
    workflowType: state.workflowType,
    taskQueue: state.taskQueue,
    input: state.input,
    ...definedFields({ result: state.result, failure: state.failure }),
    activities: keyed(state.activities, (a) => `${a.activityType} (event ${a.scheduledEventId})`),
    timers: keyed(state.timers, (t) => `timer ${t.timerId} (event ${t.startedEventId})`),
    children: keyed(state.children, (c) => `${c.workflowType} ${c.workflowId} (event ${c.initiatedEventId})`),
    signals: keyed(state.signals, (s) => `${s.name} (event ${s.eventId})`),
    handlers: state.handlers ?? 'not known before the first workflow task ran',
    searchAttributes: state.searchAttributes,
    ...definedFields({ memo: state.memo }),
  };
}

const PREVIEW = 80;

/** A one-line rendering of a value (strings quoted, as in JavaScript). */
export function preview(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? JSON.stringify(value) : String(value);
  const text = Array.isArray(value)
    ? `[${value.map(preview).join(', ')}]`
    : `{${Object.entries(value)
        .map(([k, v]) => `${k}: ${preview(v)}`)
        .join(', ')}}`;
  return text.length > PREVIEW ? `${text.slice(0, PREVIEW - 1)}…` : text;
}

/** Handles for the values shown since the last stop (reset at each stop, as VS Code asks again). */
export class VariableStore {
  private handles = new Handles<unknown>();

  reset(): void {
    this.handles = new Handles<unknown>();
  }

  /** A handle for a scope or a value with children. */
  reference(value: object): number {
    return this.handles.create(value);
  }

  children(reference: number): DebugProtocol.Variable[] {
    const value = this.handles.get(reference);
    if (value instanceof LocalValues) {
      return value.values.map((v) => ({
        name: v.name,
        value: v.value,
        type: v.type,
        variablesReference: v.children?.length ? this.reference(new LocalValues(v.children)) : 0,
      }));
    }
    if (value === null || typeof value !== 'object') return [];
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    return entries.map(([name, v]) => this.variable(name, v));
  }

  private variable(name: string, value: unknown): DebugProtocol.Variable {
    const expandable = value !== null && typeof value === 'object' && Object.keys(value).length > 0;
    return {
      name,
      value: preview(value),
      type: Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value,
      variablesReference: expandable ? this.reference(value) : 0,
    };
  }
}
