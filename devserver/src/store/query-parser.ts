// The list filter language (Temporal's visibility queries, the part a local server needs):
//   WorkflowType = 'order' AND ExecutionStatus = 'Running' AND (Customer = 'ada' OR Priority >= 2)
// Comparisons (= != > >= < <=), IN / NOT IN, BETWEEN … AND …, STARTS_WITH, IS [NOT] NULL, AND, OR,
// NOT and parentheses. Parsing only: list-query.ts turns the tree into SQL.

export type QueryValue = string | number | boolean;

export type QueryNode =
  | { kind: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { kind: 'not'; operand: QueryNode }
  | { kind: 'compare'; field: string; op: '=' | '!=' | '>' | '>=' | '<' | '<='; value: QueryValue }
  | { kind: 'in'; field: string; values: QueryValue[]; negated: boolean }
  | { kind: 'between'; field: string; low: QueryValue; high: QueryValue }
  | { kind: 'startsWith'; field: string; prefix: string }
  | { kind: 'isNull'; field: string; negated: boolean };

/** A query that does not parse: the message says where and what was expected. */
export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';
}

type Token = { type: 'ident' | 'string' | 'number' | 'op' | 'punct' | 'end'; text: string; value?: QueryValue; at: number };

/** Limits that keep a query's SQL within what SQLite takes (it nests at most 1,000 deep) and quick to run. */
export const MAX_QUERY_NESTING = 100;
export const MAX_QUERY_CONDITIONS = 200;

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'IS', 'NULL', 'STARTS_WITH', 'TRUE', 'FALSE', 'ORDER', 'BY']);

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < query.length && query[j] !== c; j++) text += query[j] === '\\' && j + 1 < query.length ? query[++j] : query[j];
      if (j >= query.length) throw new QuerySyntaxError(`Invalid query: the string starting at position ${i + 1} has no closing ${c}.`);
      tokens.push({ type: 'string', text, value: text, at: i });
      i = j + 1;
    } else if (c === '`') {
      const j = query.indexOf('`', i + 1);
      if (j < 0) throw new QuerySyntaxError(`Invalid query: the name starting at position ${i + 1} has no closing \`.`);
      tokens.push({ type: 'ident', text: query.slice(i + 1, j), at: i });
      i = j + 1;
    } else if (/[0-9-]/.test(c) && /^-?\d/.test(query.slice(i))) {
      const m = /^-?\d+(\.\d+)?/.exec(query.slice(i))!;
      tokens.push({ type: 'number', text: m[0], value: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(query.slice(i))!;
      tokens.push({ type: 'ident', text: m[0], at: i });
      i += m[0].length;
    } else {
      const op = ['>=', '<=', '!=', '<>', '=', '>', '<'].find((o) => query.startsWith(o, i));
      if (op) {
        tokens.push({ type: 'op', text: op === '<>' ? '!=' : op, at: i });
        i += op.length;
      } else if ('(),'.includes(c)) {
        tokens.push({ type: 'punct', text: c, at: i });
        i++;
      } else throw new QuerySyntaxError(`Invalid query: unexpected character '${c}' at position ${i + 1}.`);
    }
  }
  tokens.push({ type: 'end', text: 'the end of the query', at: query.length });
  return tokens;
}

export function parseQuery(query: string): QueryNode {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const isWord = (t: Token, word: string): boolean => t.type === 'ident' && t.text.toUpperCase() === word;
  const fail = (expected: string): never => {
    const t = peek();
    throw new QuerySyntaxError(
      `Invalid query: expected ${expected} at position ${t.at + 1}, found ${t.type === 'end' ? t.text : `'${t.text}'`}. ` +
        `Example: WorkflowType = 'order' AND ExecutionStatus = 'Running'`,
    );
  };
  const word = (w: string): boolean => {
    if (!isWord(peek(), w)) return false;
    pos++;
    return true;
  };
  const punct = (p: string): boolean => {
    const t = peek();
    if (t.type !== 'punct' || t.text !== p) return false;
    pos++;
    return true;
  };
  const value = (): QueryValue => {
    const t = peek();
    if (t.type === 'string' || t.type === 'number') {
      pos++;
      return t.value!;
    }
    if (isWord(t, 'TRUE') || isWord(t, 'FALSE')) {
      pos++;
      return t.text.toUpperCase() === 'TRUE';
    }
    return fail("a value (a 'quoted string', a number, true or false)");
  };
  const field = (): string => {
    const t = peek();
    if (t.type !== 'ident' || KEYWORDS.has(t.text.toUpperCase()))
      return fail('a field name (WorkflowType, ExecutionStatus, StartTime, a search attribute …)');
    pos++;
    return t.text;
  };
  let conditions = 0;
  const predicate = (): QueryNode => {
    if (++conditions > MAX_QUERY_CONDITIONS) {
      throw new QuerySyntaxError(
        `Invalid query: more than ${MAX_QUERY_CONDITIONS} conditions (at position ${peek().at + 1}); use IN (…) for a list of values.`,
      );
    }
    const f = field();
    const t = peek();
    if (t.type === 'op') {
      pos++;
      return { kind: 'compare', field: f, op: t.text as '=', value: value() };
    }
    if (word('IS')) {
      const negated = word('NOT');
      if (!word('NULL')) fail('NULL');
      return { kind: 'isNull', field: f, negated };
    }
    if (word('STARTS_WITH')) {
      const prefix = value();
      if (typeof prefix !== 'string') fail('a quoted prefix');
      return { kind: 'startsWith', field: f, prefix: String(prefix) };
    }
    if (word('BETWEEN')) {
      const low = value();
      if (!word('AND')) fail('AND');
      return { kind: 'between', field: f, low, high: value() };
    }
    const negated = word('NOT');
    if (word('IN')) {
      if (!punct('(')) fail("'('");
      const values = [value()];
      while (punct(',')) values.push(value());
      if (!punct(')')) fail("',' or ')'");
      return { kind: 'in', field: f, values, negated };
    }
    return fail(negated ? 'IN' : 'an operator (=, !=, >, >=, <, <=, IN, BETWEEN, STARTS_WITH, IS NULL)');
  };
  let nesting = 0;
  const nested = <T>(fn: () => T): T => {
    if (++nesting > MAX_QUERY_NESTING) {
      throw new QuerySyntaxError(
        `Invalid query: parentheses and NOT nest deeper than ${MAX_QUERY_NESTING} levels at position ${peek().at + 1}.`,
      );
    }
    const node = fn();
    nesting--;
    return node;
  };
  const unary = (): QueryNode => {
    if (word('NOT')) return nested(() => ({ kind: 'not', operand: unary() }));
    if (punct('(')) {
      return nested(() => {
        const inner = or();
        if (!punct(')')) fail("')'");
        return inner;
      });
    }
    return predicate();
  };
  const and = (): QueryNode => {
    let left = unary();
    while (word('AND')) left = { kind: 'and', left, right: unary() };
    return left;
  };
  const or = (): QueryNode => {
    let left = and();
    while (word('OR')) left = { kind: 'or', left, right: and() };
    return left;
  };
  const tree = or();
  if (isWord(peek(), 'ORDER')) {
    throw new QuerySyntaxError('Invalid query: ORDER BY is not supported; executions are listed newest first.');
  }
  if (peek().type !== 'end') fail('AND, OR or the end of the query');
  return tree;
}
