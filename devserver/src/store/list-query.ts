// A list filter (query-parser.ts) as an SQL condition over the executions table: built-in fields are
// columns, search attributes are read from the run's search_attributes JSON and compared by their
// registered type where JSON would compare otherwise (a Datetime by its time, an Int given as a string).
import type { ExecutionStatus, SearchAttributeTypeName } from '@rewind/sdk/protocol';
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

/** The registered type of a search attribute, if it has one. */
export type TypeOfAttribute = (name: string) => SearchAttributeTypeName | undefined;

/** A Datetime value (JSON text) as epoch milliseconds; NULL when it is not a time. */
const DATETIME_MS = "CAST(round(unixepoch(v.value, 'subsec') * 1000) AS INTEGER)";

/**
 * How values of a search attribute of type `type` compare: the column expression over one stored value
 * (`v.value`), and each query value as that type; undefined when a query value is not of the type (then
 * the attribute compares as JSON, as an unregistered one does).
 */
function typedComparison(
  type: SearchAttributeTypeName | undefined,
  values: readonly QueryValue[],
): { column: string; values: (string | number)[] } | undefined {
  if (type === 'Datetime') {
    const times = values.map((v) => (typeof v === 'string' ? Date.parse(v) : NaN));
    return times.every(Number.isFinite) ? { column: DATETIME_MS, values: times } : undefined;
  }
  if (type === 'Int' || type === 'Double') {
    const numbers = values.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN));
    return numbers.every(Number.isFinite) ? { column: 'v.value', values: numbers } : undefined;
  }
  return undefined;
}

function compile(node: QueryNode, params: (string | number | null)[], typeOf: TypeOfAttribute): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${compile(node.left, params, typeOf)} ${node.kind.toUpperCase()} ${compile(node.right, params, typeOf)})`;
    case 'not':
      return `(NOT ${compile(node.operand, params, typeOf)})`;
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
  const type = typeOf(node.field);
  /** The stored value's expression, with the query's values pushed as the attribute's type compares them. */
  const operand = (values: readonly QueryValue[]): string => {
    const typed = typedComparison(type, values);
    params.push(...(typed ? typed.values : values.map(jsonValue)));
    return typed ? typed.column : 'v.value';
  };
  switch (node.kind) {
    case 'compare': {
      const column = operand([node.value]);
      return node.op === '!=' ? `NOT ${anyValue(`${column} = ?`)}` : anyValue(`${column} ${node.op} ?`);
    }
    case 'in': {
      const column = operand(node.values);
      const cond = anyValue(`${column} IN (${node.values.map(() => '?').join(', ')})`);
      return node.negated ? `NOT ${cond}` : cond;
    }
    case 'between':
      return anyValue(`${operand([node.low, node.high])} BETWEEN ? AND ?`);
    case 'startsWith':
      params.push(node.prefix);
      return anyValue(startsWith('v.value'));
    case 'isNull':
      return `${node.negated ? '' : 'NOT '}EXISTS (SELECT 1 FROM json_each(search_attributes) WHERE key = ?)`;
  }
}

/**
 * The SQL condition of a list query, its search attributes compared by `typeOf` (none: all as JSON);
 * throws QuerySyntaxError with what is wrong.
 */
export function compileListQuery(query: string, typeOf: TypeOfAttribute = () => undefined): SqlCondition {
  const params: (string | number | null)[] = [];
  const sql = compile(parseQuery(query), params, typeOf);
  return { sql, params };
}
