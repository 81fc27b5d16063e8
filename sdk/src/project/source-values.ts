// What a project source file's expressions are worth without running them: a literal (string, number), a path
// (require.resolve, path.join with __dirname, new URL(…, import.meta.url)), a project module's namespace or
// export, an object of those; process.env as this process has it, and the operators around it.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OPEN, resolveSourceModule, SourceFile, type Range } from './source-file';

export type Value =
  | { kind: 'string'; value: string }
  /** A number literal (`100`, `1_000`, `0x10`, `2e3`). */
  | { kind: 'number'; value: number }
  /** An absolute path. */
  | { kind: 'path'; value: string }
  /** The namespace of a project module (absolute path). */
  | { kind: 'module'; path: string }
  /** A named export of a project module. */
  | { kind: 'export'; path: string; name: string }
  /** A binding of a package (`@temporalio/worker`'s Worker). */
  | { kind: 'package'; module: string; name: string }
  | { kind: 'object'; entries: ObjectEntry[] }
  /** An array literal's items (a spread item is unknown). */
  | { kind: 'array'; items: Value[] }
  /** A comparison's or a negation's result. */
  | { kind: 'boolean'; value: boolean }
  /** What is undefined: an environment variable that is not set (its text and line, for the message). */
  | { kind: 'absent'; text?: string; line?: number }
  /** What cannot be known without running the code: its text and line, for the message. */
  | { kind: 'unknown'; text: string; line: number };

/** A property of an object literal (`key: value`, `key`) or a spread (`...value`: key undefined). */
export interface ObjectEntry {
  key?: string;
  value: Value;
}

const PATH_MODULES = new Set(['path', 'node:path']);
const URL_MODULES = new Set(['url', 'node:url']);

/** The value of the expression in `r` of `source`. */
export const valueOf = (source: SourceFile, r: Range, seen = new Set<string>()): Value => new ValueReader(source).evaluate(r, seen);

class ValueReader {
  constructor(private readonly source: SourceFile) {}

  /** The value of the expression in `r` (`seen` guards against names defined by each other). */
  evaluate(r: Range, seen = new Set<string>()): Value {
    const t = this.source.tokens;
    let { start, end } = r;
    // `x as T`, `x satisfies T`, `x!`, `(x)`.
    for (let k = start; k < end; k++) {
      if (t[k]!.kind === 'punct' && OPEN[t[k]!.value]) k = this.source.closing(k);
      else if (k > start && (this.source.is(k, 'as') || this.source.is(k, 'satisfies'))) end = k;
    }
    while (end - start > 1 && this.source.is(end - 1, '!')) end--;
    while (this.source.is(start, '(') && this.source.closing(start) === end - 1) {
      start++;
      end--;
    }
    const unknown: Value = { kind: 'unknown', text: this.source.textOf({ start, end }), line: this.source.line(start) };
    const dir = path.dirname(this.source.file);
    const first = t[start];
    if (!first) return unknown;
    const operators = this.operators(start, end, seen);
    if (operators?.kind === 'unknown') return unknown;
    if (operators?.kind === 'absent') return { kind: 'absent', text: unknown.text, line: unknown.line };
    if (operators) return operators;
    // process.env.NAME, process.env['NAME']: as rewind dev's own environment has it (the shell's).
    if (this.source.is(start, 'process') && this.source.is(start + 1, '.') && this.source.is(start + 2, 'env')) {
      const name =
        end - start === 5 && this.source.is(start + 3, '.')
          ? t[start + 4]!.value
          : end - start === 6 && this.source.is(start + 3, '[') && t[start + 4]!.kind === 'string'
            ? t[start + 4]!.value
            : undefined;
      if (name === undefined) return unknown;
      const value = process.env[name];
      return value === undefined ? { kind: 'absent', text: unknown.text, line: unknown.line } : { kind: 'string', value };
    }
    if (
      this.source.is(start, 'import') &&
      this.source.is(start + 1, '.') &&
      this.source.is(start + 2, 'meta') &&
      this.source.is(start + 3, '.') &&
      end - start === 5
    ) {
      const prop = t[start + 4]!.value;
      if (prop === 'url') return { kind: 'string', value: pathToFileURL(this.source.file).href };
      if (prop === 'dirname') return { kind: 'path', value: dir };
      if (prop === 'filename') return { kind: 'path', value: this.source.file };
      return unknown;
    }
    if (first.kind === 'template' && first.part === 'head') return this.template(start, end, seen) ?? unknown;
    if (end - start === 1) {
      if (first.kind === 'string' || (first.kind === 'template' && !first.substituted)) return { kind: 'string', value: first.value };
      if (first.kind === 'number') {
        const value = Number(first.value.replace(/_/g, ''));
        return Number.isFinite(value) ? { kind: 'number', value } : unknown;
      }
      if (first.kind === 'id') return this.name(first.value, seen) ?? unknown;
      return unknown;
    }
    if (this.source.is(start, '{') && this.source.closing(start) === end - 1) return this.object(start, seen);
    // `ns.name` of a project module's namespace: its export.
    if (end - start === 3 && first.kind === 'id' && this.source.is(start + 1, '.') && t[start + 2]!.kind === 'id') {
      const ns = this.name(first.value, seen);
      if (ns?.kind === 'module') return { kind: 'export', path: ns.path, name: t[start + 2]!.value };
    }
    if (this.source.is(start, '[') && this.source.closing(start) === end - 1) {
      const items = this.source.split(start + 1, end - 1).filter((part) => part.end > part.start);
      return {
        kind: 'array',
        items: items.map((part) => (this.source.is(part.start, '...') ? unknownOf(this.source, part) : this.evaluate(part, seen))),
      };
    }
    // require.resolve('./workflows')
    if (
      this.source.is(start, 'require') &&
      this.source.is(start + 1, '.') &&
      this.source.is(start + 2, 'resolve') &&
      this.source.is(start + 3, '(')
    ) {
      const close = this.source.closing(start + 3);
      const arg = t[start + 4];
      if (close === end - 1 && close === start + 5 && arg?.kind === 'string' && arg.value.startsWith('.')) {
        const file = resolveSourceModule(path.resolve(dir, arg.value));
        return file ? { kind: 'path', value: file } : { kind: 'path', value: path.resolve(dir, arg.value) };
      }
      return unknown;
    }
    // new URL('./workflows.ts', import.meta.url), and its .pathname
    if (this.source.is(start, 'new') && this.source.is(start + 1, 'URL') && this.source.is(start + 2, '(')) {
      const close = this.source.closing(start + 2);
      const rest = end - close - 1;
      if (rest !== 0 && !(rest === 2 && this.source.is(close + 1, '.') && this.source.is(close + 2, 'pathname'))) return unknown;
      const [spec, base, ...more] = this.source.split(start + 3, close).map((a) => this.evaluate(a, seen));
      if (spec?.kind !== 'string' || base?.kind !== 'string' || !base.value.startsWith('file:') || more.length > 0) return unknown;
      return { kind: 'path', value: fileURLToPath(new URL(spec.value, base.value)) };
    }
    // A function of the file without parameters, called: `const options = () => ({ … })`.
    if (first.kind === 'id' && this.source.is(start + 1, '(') && this.source.is(start + 2, ')') && end === start + 3) {
      const init = this.source.consts.get(first.value);
      const key = `${this.source.file}#${first.value}()`;
      if (
        !init ||
        seen.has(key) ||
        !this.source.is(init.start, '(') ||
        !this.source.is(init.start + 1, ')') ||
        !this.source.is(init.start + 2, '=>')
      )
        return unknown;
      if (this.source.is(init.start + 3, '{')) return unknown; // A body of statements: not read.
      seen.add(key);
      return this.evaluate({ start: init.start + 3, end: init.end }, seen);
    }
    // A call: path.join(…), path.resolve(…), fileURLToPath(…)
    const callee = this.callee(start, end);
    if (callee) {
      const args = this.source.split(callee.open + 1, end - 1).map((a) => this.evaluate(a, seen));
      const [arg] = args;
      if (callee.fn === 'fileURLToPath' && args.length === 1 && arg!.kind === 'path') return arg;
      if (callee.fn === 'fileURLToPath' && args.length === 1 && arg!.kind === 'string' && arg.value.startsWith('file:')) {
        return { kind: 'path', value: fileURLToPath(arg.value) };
      }
      const asPath =
        arg?.kind === 'string' && arg.value.startsWith('file:')
          ? fileURLToPath(arg.value)
          : arg?.kind === 'string' || arg?.kind === 'path'
            ? arg.value
            : undefined;
      if (args.length === 1 && asPath !== undefined && (callee.fn === 'extname' || callee.fn === 'basename')) {
        return { kind: 'string', value: path[callee.fn](asPath) };
      }
      if (args.length === 1 && asPath !== undefined && callee.fn === 'dirname') return { kind: 'path', value: path.dirname(asPath) };
      if (callee.fn === 'join' || callee.fn === 'resolve') {
        const parts: string[] = [];
        for (const a of args) {
          if (a.kind === 'path' || a.kind === 'string') parts.push(a.value);
          else return unknown;
        }
        // Relative parts alone are relative to where the worker runs: taken as the project folder (the caller's).
        const joined = callee.fn === 'join' ? path.join(...parts) : path.resolve('/', ...parts);
        return path.isAbsolute(parts[0] ?? '') ? { kind: 'path', value: joined } : { kind: 'string', value: path.join(...parts) };
      }
    }
    return unknown;
  }

  /**
   * `c ? a : b`, `a || b`, `a ?? b`, `a === b` (and `!==`, `==`, `!=`), `!a` at the top level of the range,
   * by their precedence; undefined when there is none.
   */
  private operators(start: number, end: number, seen: Set<string>): Value | undefined {
    const top = (values: string[]): number[] => {
      const at: number[] = [];
      for (let k = start; k < end; k++) {
        const v = this.source.tokens[k]!;
        if (v.kind === 'punct' && OPEN[v.value]) k = this.source.closing(k);
        else if (v.kind === 'punct' && values.includes(v.value)) at.push(k);
      }
      return at;
    };
    const unknown: Value = { kind: 'unknown', text: '', line: 0 };
    const question = top(['?'])[0];
    if (question !== undefined) {
      // The `:` of this `?`: nested conditionals in its true branch have their own.
      let depth = 0;
      const colon = top(['?', ':']).find((k) => k > question && (this.source.is(k, '?') ? (depth++, false) : depth-- === 0));
      if (colon === undefined) return unknown;
      const test = truthy(this.evaluate({ start, end: question }, seen));
      if (test === undefined) return unknown;
      return test ? this.evaluate({ start: question + 1, end: colon }, seen) : this.evaluate({ start: colon + 1, end }, seen);
    }
    const logical = top(['||', '??', '&&']);
    if (logical.length > 0) {
      if (logical.some((k) => this.source.is(k, '&&'))) return unknown;
      const bounds = [start - 1, ...logical, end];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const v = this.evaluate({ start: bounds[i]! + 1, end: bounds[i + 1]! }, seen);
        const op = this.source.tokens[bounds[i + 1]!]?.value;
        if (v.kind === 'unknown') return unknown;
        if (v.kind === 'absent' || (op === '||' && truthy(v) === false)) continue;
        return v;
      }
      return { kind: 'absent' };
    }
    const comparison = top(['===', '!==', '==', '!=']);
    if (comparison.length === 1) {
      const at = comparison[0]!;
      const a = this.evaluate({ start, end: at }, seen);
      const b = this.evaluate({ start: at + 1, end }, seen);
      const plain = (v: Value): string | undefined | null => (v.kind === 'string' ? v.value : v.kind === 'absent' ? undefined : null);
      if (plain(a) === null || plain(b) === null) return unknown;
      const equal = plain(a) === plain(b);
      return { kind: 'boolean', value: this.source.is(at, '===') || this.source.is(at, '==') ? equal : !equal };
    }
    if (comparison.length > 1) return unknown;
    if (this.source.is(start, '!')) {
      const v = truthy(this.evaluate({ start: start + 1, end }, seen));
      return v === undefined ? unknown : { kind: 'boolean', value: !v };
    }
    return undefined;
  }

  /** A template with substitutions spanning [start, end): its text when each substitution is a string. */
  private template(start: number, end: number, seen: Set<string>): Value | undefined {
    let value = this.source.tokens[start]!.value;
    let from = start + 1;
    for (let k = start + 1; k < end; k++) {
      const v = this.source.tokens[k]!;
      if (v.kind === 'punct' && OPEN[v.value]) k = this.source.closing(k);
      else if (v.kind === 'template' && (v.part === 'middle' || v.part === 'tail')) {
        const part = this.evaluate({ start: from, end: k }, seen);
        if (part.kind !== 'string') return undefined;
        value += part.value + v.value;
        from = k + 1;
        if (v.part === 'tail') return k === end - 1 ? { kind: 'string', value } : undefined;
      } else if (v.kind === 'template' && v.part === 'head') return undefined; // A template in a substitution: not read.
    }
    return undefined;
  }

  /** A call of path's join/resolve or url's fileURLToPath spanning [start, end): the function and its `(`. */
  private callee(start: number, end: number): { fn: string; open: number } | undefined {
    const t = this.source.tokens;
    let fn: string | undefined;
    let open: number;
    if (t[start]?.kind === 'id' && this.source.is(start + 1, '.') && t[start + 2]?.kind === 'id' && this.source.is(start + 3, '(')) {
      const ns = this.source.imports.get(t[start]!.value);
      if (!ns || (ns.name !== '*' && ns.name !== 'default')) return undefined;
      if (PATH_MODULES.has(ns.module) || URL_MODULES.has(ns.module)) fn = t[start + 2]!.value;
      open = start + 3;
    } else if (t[start]?.kind === 'id' && this.source.is(start + 1, '(')) {
      const b = this.source.imports.get(t[start]!.value);
      if (b && (PATH_MODULES.has(b.module) || URL_MODULES.has(b.module))) fn = b.name;
      open = start + 1;
    } else return undefined;
    return fn && this.source.closing(open) === end - 1 ? { fn, open } : undefined;
  }

  private name(name: string, seen: Set<string>): Value | undefined {
    if (name === '__dirname') return { kind: 'path', value: path.dirname(this.source.file) };
    if (name === '__filename') return { kind: 'path', value: this.source.file };
    const binding = this.source.imports.get(name);
    if (binding) {
      if (!binding.module.startsWith('.')) return { kind: 'package', module: binding.module, name: binding.name };
      const file = resolveSourceModule(path.resolve(path.dirname(this.source.file), binding.module));
      if (!file) return undefined;
      return binding.name === '*' ? { kind: 'module', path: file } : { kind: 'export', path: file, name: binding.name };
    }
    const init = this.source.consts.get(name);
    const key = `${this.source.file}#${name}`;
    if (!init || seen.has(key)) return undefined;
    seen.add(key);
    return this.evaluate(init, seen);
  }

  private object(open: number, seen: Set<string>): Value {
    const t = this.source.tokens;
    const entries: ObjectEntry[] = [];
    for (const part of this.source.split(open + 1, this.source.closing(open))) {
      if (this.source.is(part.start, '...')) {
        const spread = this.evaluate({ start: part.start + 1, end: part.end }, seen);
        // An object's own properties are read as written here (later ones win, as in JavaScript).
        if (spread.kind === 'object') entries.push(...spread.entries);
        else entries.push({ value: spread });
      } else if (part.end - part.start === 1 && t[part.start]!.kind === 'id') {
        const key = t[part.start]!.value;
        entries.push({ key, value: this.evaluate(part, seen) });
      } else if ((t[part.start]!.kind === 'id' || t[part.start]!.kind === 'string') && this.source.is(part.start + 1, ':')) {
        entries.push({ key: t[part.start]!.value, value: this.evaluate({ start: part.start + 2, end: part.end }, seen) });
      } else {
        // A method, a computed key: a property the reader cannot name.
        entries.push({ value: { kind: 'unknown', text: this.source.textOf(part), line: this.source.line(part.start) } });
      }
    }
    return { kind: 'object', entries };
  }
}

function unknownOf(source: SourceFile, r: Range): Value {
  return { kind: 'unknown', text: source.textOf(r), line: source.line(r.start) };
}

/** Whether a value is truthy, as JavaScript decides; undefined when it cannot be known. */
function truthy(v: Value): boolean | undefined {
  if (v.kind === 'boolean') return v.value;
  if (v.kind === 'absent') return false;
  if (v.kind === 'string') return v.value !== '';
  if (v.kind === 'number') return v.value !== 0;
  if (v.kind === 'unknown') return undefined;
  return true;
}

/** The value of a project module's exported `const` (`export const TASK_QUEUE = 'orders'`), or what it re-exports. */
export function exportedValue(file: string, name: string, seen = new Set<string>()): Value | undefined {
  const key = `${file}#${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const source = SourceFile.read(file);
  const init = source.consts.get(name);
  if (init) return valueOf(source, init, seen);
  const binding = source.imports.get(name);
  if (binding?.module.startsWith('.') && binding.name !== '*') {
    const from = resolveSourceModule(path.resolve(path.dirname(file), binding.module));
    return from ? exportedValue(from, binding.name, seen) : undefined;
  }
  return undefined;
}
