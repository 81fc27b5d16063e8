// A list filter (query-parser.ts) as an SQL condition over the executions table: built-in fields are
// columns, search attributes are read from the run's search_attributes JSON.
import type { ExecutionStatus } from '@rewind/sdk/protocol';
import { parseQuery, QuerySyntaxError, type QueryNode, type QueryValue } from './query-parser';

export interface SqlCondition {
  sql: string;
  params: (string | number | null)[];
}

type Kind = 'text' | 'time' | 'int' | 'status';
// Maps, not object literals: a name from the query (`constructor`, `toString`) must not find a property of Object.
const BUILT_IN: ReadonlyMap<string, { column: string; kind: Kind }> = new Map([
  ['WorkflowId', { column: 'workflow_id', kind: 'text' }],
  ['WorkflowType', { column: 'workflow_type', kind: 'text' }],
  ['RunId', { column: 'run_id', kind: 'text' }],
  ['TaskQueue', { column: 'task_queue', kind: 'text' }],
  ['ExecutionStatus', { column: 'status', kind: 'status' }],
  ['StartTime', { column: 'start_time', kind: 'time' }],
  ['ExecutionTime', { column: 'start_time', kind: 'time' }],
  ['CloseTime', { column: 'close_time', kind: 'time' }],
  ['HistoryLength', { column: 'history_length', kind: 'int' }],
]);

const STATUSES: ReadonlyMap<string, ExecutionStatus> = new Map([
  ['running', 'RUNNING'],
  ['completed', 'COMPLETED'],
  ['failed', 'FAILED'],
  ['canceled', 'CANCELLED'],
  ['cancelled', 'CANCELLED'],
  ['terminated', 'TERMINATED'],
  ['continuedasnew', 'CONTINUED_AS_NEW'],
  ['timedout', 'TIMED_OUT'],
]);

function builtInValue(field: string, kind: Kind, v: QueryValue): string | number {
  if (kind === 'status') {
    const status = STATUSES.get(String(v).toLowerCase().replace(/_/g, ''));
    if (!status) {
      throw new QuerySyntaxError(
        `Invalid query: ${JSON.stringify(v)} is not an ExecutionStatus (Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew, TimedOut).`,
      );
    }
    return status;
  }
  if (kind === 'time') {
    const ms = typeof v === 'number' ? v : Date.parse(String(v));
    if (!Number.isFinite(ms))
      throw new QuerySyntaxError(`Invalid query: ${field} takes a time such as '2026-11-25T10:00:00Z', got ${JSON.stringify(v)}.`);
    return ms;
  }
  if (kind === 'int') {
    if (typeof v !== 'number') throw new QuerySyntaxError(`Invalid query: ${field} takes a number, got ${JSON.stringify(v)}.`);
    return v;
  }
  return String(v);
}

/** A search attribute's value as SQLite's json_each gives it (booleans are 0 and 1). */
const jsonValue = (v: QueryValue): string | number => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** STARTS_WITH, case-sensitive as `=` is (LIKE would not be, and would read % and _ in the prefix). */
const startsWith = (column: string): string => `instr(${column}, ?) = 1`;

function compile(node: QueryNode, params: (string | number | null)[]): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${compile(node.left, params)} ${node.kind.toUpperCase()} ${compile(node.right, params)})`;
    case 'not':
      return `(NOT ${compile(node.operand, params)})`;
    default:
      break;
  }
  const b = BUILT_IN.get(node.field);
  if (b) {
    const val = (v: QueryValue): string => {
      params.push(builtInValue(node.field, b.kind, v));
      return '?';
    };
    switch (node.kind) {
      case 'compare':
        return `${b.column} ${node.op} ${val(node.value)}`;
      case 'in':
        return `${b.column} ${node.negated ? 'NOT IN' : 'IN'} (${node.values.map(val).join(', ')})`;
      case 'between':
        return `${b.column} BETWEEN ${val(node.low)} AND ${val(node.high)}`;
      case 'startsWith':
        params.push(node.prefix);
        return startsWith(b.column);
      case 'isNull':
        return `${b.column} IS ${node.negated ? 'NOT ' : ''}NULL`;
    }
  }
  // A search attribute: a list of values; a comparison holds if it holds for one of them. Its name is
  // bound as a value (never written into a JSON path), so that any name is just a name.
  params.push(node.field);
  const anyValue = (cond: string): string =>
    `EXISTS (SELECT 1 FROM json_each(search_attributes) AS sa, json_each(sa.value) AS v WHERE sa.key = ? AND ${cond})`;
  switch (node.kind) {
    case 'compare':
      params.push(jsonValue(node.value));
      return node.op === '!=' ? `NOT ${anyValue('v.value = ?')}` : anyValue(`v.value ${node.op} ?`);
    case 'in': {
      params.push(...node.values.map(jsonValue));
      const cond = anyValue(`v.value IN (${node.values.map(() => '?').join(', ')})`);
      return node.negated ? `NOT ${cond}` : cond;
    }
    case 'between':
      params.push(jsonValue(node.low), jsonValue(node.high));
      return anyValue('v.value BETWEEN ? AND ?');
    case 'startsWith':
      params.push(node.prefix);
      return anyValue(startsWith('v.value'));
    case 'isNull':
      return `${node.negated ? '' : 'NOT '}EXISTS (SELECT 1 FROM json_each(search_attributes) WHERE key = ?)`;
  }
}

/** The SQL condition of a list query; throws QuerySyntaxError with what is wrong. */
export function compileListQuery(query: string): SqlCondition {
  const params: (string | number | null)[] = [];
  const sql = compile(parseQuery(query), params);
  return { sql, params };
}
