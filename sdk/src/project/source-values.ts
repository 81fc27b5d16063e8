// What a project source file's expressions are worth without running them: its imports and top-level
// `const`s, and the value of an expression when it is a literal, a path (require.resolve, path.join
// with __dirname, new URL(…, import.meta.url)), a project module's namespace or export, or an object of those.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lineOf, tokenize, type Token } from './source-tokens';

/** What a local name is bound to by an import or a require. */
export interface Binding {
  module: string;
  /** `*` for a namespace (or a whole `require`), `default`, or the export's name. */
  name: string;
}

export type Value =
  | { kind: 'string'; value: string }
  /** An absolute path. */
  | { kind: 'path'; value: string }
  /** The namespace of a project module (absolute path). */
  | { kind: 'module'; path: string }
  /** A named export of a project module. */
  | { kind: 'export'; path: string; name: string }
  /** A binding of a package (`@temporalio/worker`'s Worker). */
  | { kind: 'package'; module: string; name: string }
  | { kind: 'object'; entries: ObjectEntry[] }
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

/** A range of tokens [start, end). */
export interface Range {
  start: number;
  end: number;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];
const TS_SOURCES: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const PATH_MODULES = new Set(['path', 'node:path']);
const URL_MODULES = new Set(['url', 'node:url']);
const OPEN: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** The project file a module specifier names from `dir`: as written, with an extension, a folder's index, or a `.js` name for its `.ts`. */
export function resolveSourceModule(base: string): string | undefined {
  const written = path.extname(base);
  const candidates = [
    ...(EXTENSIONS.includes(written) ? [base] : []),
    ...(TS_SOURCES[written] ?? []).map((ext) => base.slice(0, -written.length) + ext),
    ...EXTENSIONS.map((ext) => base + ext),
    ...EXTENSIONS.map((ext) => path.join(base, 'index' + ext)),
  ];
  return candidates.find((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile());
}

export class SourceFile {
  readonly tokens: Token[];
  readonly imports = new Map<string, Binding>();
  /** Each `const`/`let`/`var` name's initializer (the first declaration of a name). */
  readonly consts = new Map<string, Range>();
  private static readonly cache = new Map<string, { mtimeMs: number; file: SourceFile }>();

  private constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.tokens = tokenize(text);
    this.readDeclarations();
  }

  /** The file, read and tokenized (again only when it changed). */
  static read(file: string): SourceFile {
    const mtimeMs = fs.statSync(file).mtimeMs;
    const known = SourceFile.cache.get(file);
    if (known && known.mtimeMs === mtimeMs) return known.file;
    const read = new SourceFile(file, fs.readFileSync(file, 'utf8'));
    SourceFile.cache.set(file, { mtimeMs, file: read });
    return read;
  }

  /** The index of the token closing the bracket opened at `open`. */
  closing(open: number): number {
    let depth = 0;
    for (let k = open; k < this.tokens.length; k++) {
      const v = this.tokens[k]!;
      if (v.kind !== 'punct') continue;
      if (OPEN[v.value]) depth++;
      else if (v.value === ')' || v.value === ']' || v.value === '}') {
        depth--;
        if (depth === 0) return k;
      }
    }
    return this.tokens.length;
  }

  /** The ranges between `,` at the top level of [start, end). */
  split(start: number, end: number): Range[] {
    const parts: Range[] = [];
    let from = start;
    for (let k = start; k < end; k++) {
      const t = this.tokens[k]!;
      if (t.kind === 'punct' && OPEN[t.value]) k = this.closing(k);
      else if (t.kind === 'punct' && t.value === ',') {
        parts.push({ start: from, end: k });
        from = k + 1;
      }
    }
    if (from < end) parts.push({ start: from, end });
    return parts;
  }

  private is(k: number, value: string): boolean {
    const t = this.tokens[k];
    return t !== undefined && t.value === value && (t.kind === 'punct' || t.kind === 'id');
  }

  private readDeclarations(): void {
    const t = this.tokens;
    for (let k = 0; k < t.length; k++) {
      const prev = t[k - 1];
      if (prev?.value === '.' || prev?.value === '?.') continue;
      if (t[k]!.kind === 'id' && t[k]!.value === 'import' && !this.is(k + 1, '(') && !this.is(k + 1, '.')) this.readImport(k + 1);
      else if (t[k]!.kind === 'id' && ['const', 'let', 'var'].includes(t[k]!.value)) this.readDeclaration(k + 1);
    }
  }

  private readImport(k: number): void {
    const t = this.tokens;
    if (this.is(k, 'type') && !this.is(k + 1, ',') && !this.is(k + 1, 'from')) return; // Types only.
    // import X = require('m')
    if (t[k]?.kind === 'id' && this.is(k + 1, '=') && this.is(k + 2, 'require') && t[k + 4]?.kind === 'string') {
      this.imports.set(t[k]!.value, { module: t[k + 4]!.value, name: '*' });
      return;
    }
    const names: Array<[string, string]> = [];
    for (; k < t.length && !this.is(k, 'from') && t[k]!.kind !== 'string' && !this.is(k, ';'); k++) {
      if (this.is(k, '*') && this.is(k + 1, 'as') && t[k + 2]?.kind === 'id') {
        names.push([t[k + 2]!.value, '*']);
        k += 2;
      } else if (this.is(k, '{')) {
        const close = this.closing(k);
        for (const part of this.split(k + 1, close)) {
          const ids = t.slice(part.start, part.end).filter((x) => x.kind === 'id' || x.kind === 'string');
          if (ids[0]?.value === 'type' && ids.length > 1 && ids[1]!.value !== 'as') continue; // A type.
          const imported = ids[0]?.value;
          const local = ids.length >= 3 && ids[1]!.value === 'as' ? ids[2]!.value : imported;
          if (imported && local) names.push([local, imported]);
        }
        k = close;
      } else if (t[k]!.kind === 'id') names.push([t[k]!.value, 'default']);
    }
    if (this.is(k, 'from')) k++;
    const module = t[k]?.kind === 'string' ? t[k]!.value : undefined;
    if (module !== undefined) for (const [local, name] of names) this.imports.set(local, { module, name });
  }

  private readDeclaration(k: number): void {
    const t = this.tokens;
    if (this.is(k, '{')) {
      // const { a, b: c } = require('m')
      const close = this.closing(k);
      const module = this.requiredModule(close + 2);
      if (!this.is(close + 1, '=') || module === undefined) return;
      for (const part of this.split(k + 1, close)) {
        const ids = t.slice(part.start, part.end).filter((x) => x.kind === 'id');
        const local = ids.length >= 2 && this.is(part.start + 1, ':') ? ids[1]!.value : ids[0]?.value;
        if (ids[0] && local) this.imports.set(local, { module, name: ids[0].value });
      }
      return;
    }
    if (t[k]?.kind !== 'id') return;
    const name = t[k]!.value;
    let j = k + 1;
    if (this.is(j, ':')) {
      // A type annotation, up to the `=` (brackets of generics and object types stepped over).
      for (j++; j < t.length && !this.is(j, '=') && !this.is(j, ';'); j++)
        if (t[j]!.kind === 'punct' && OPEN[t[j]!.value]) j = this.closing(j);
    }
    if (!this.is(j, '=')) return;
    const module = this.requiredModule(j + 1);
    if (module !== undefined) {
      this.imports.set(name, { module, name: '*' });
      return;
    }
    if (this.consts.has(name)) return;
    const end = this.expressionEnd(j + 1);
    this.consts.set(name, { start: j + 1, end });
  }

  /** `require('m')` at k: its module. */
  private requiredModule(k: number): string | undefined {
    const t = this.tokens;
    return this.is(k, 'require') && this.is(k + 1, '(') && t[k + 2]?.kind === 'string' && this.is(k + 3, ')') ? t[k + 2]!.value : undefined;
  }

  /** Where the expression starting at k ends: a `;` or `,` at its top level, a closing bracket, or a new statement's line. */
  private expressionEnd(k: number): number {
    const t = this.tokens;
    for (let j = k; j < t.length; j++) {
      const v = t[j]!;
      if (v.kind === 'punct' && OPEN[v.value]) {
        j = this.closing(j);
        continue;
      }
      if (v.kind === 'punct' && [';', ',', ')', ']', '}'].includes(v.value)) return j;
      // No semicolon: a declaration or statement keyword at the start of a later line ends it.
      if (
        j > k &&
        v.kind === 'id' &&
        /^(const|let|var|export|import|function|async|class|if|for|while|return|await|type|interface)$/.test(v.value)
      ) {
        if (lineOf(this.text, v.pos) > lineOf(this.text, t[j - 1]!.pos)) return j;
      }
    }
    return t.length;
  }

  /** The source text of a range, for messages. */
  textOf(r: Range): string {
    const first = this.tokens[r.start];
    const last = this.tokens[r.end - 1];
    return first && last ? this.text.slice(first.pos, last.end).replace(/\s+/g, ' ') : '';
  }

  /** The 1-based line of a token. */
  line(k: number): number {
    return lineOf(this.text, this.tokens[k]?.pos ?? this.text.length);
  }

  /** The value of the expression in `r` (`seen` guards against names defined by each other). */
  evaluate(r: Range, seen = new Set<string>()): Value {
    const t = this.tokens;
    let { start, end } = r;
    // `x as T`, `x satisfies T`, `x!`, `(x)`.
    for (let k = start; k < end; k++) {
      if (t[k]!.kind === 'punct' && OPEN[t[k]!.value]) k = this.closing(k);
      else if (k > start && (this.is(k, 'as') || this.is(k, 'satisfies'))) end = k;
    }
    while (end - start > 1 && this.is(end - 1, '!')) end--;
    while (this.is(start, '(') && this.closing(start) === end - 1) {
      start++;
      end--;
    }
    const unknown: Value = { kind: 'unknown', text: this.textOf({ start, end }), line: this.line(start) };
    const dir = path.dirname(this.file);
    const first = t[start];
    if (!first) return unknown;
    const operators = this.operators(start, end, seen);
    if (operators?.kind === 'unknown') return unknown;
    if (operators?.kind === 'absent') return { kind: 'absent', text: unknown.text, line: unknown.line };
    if (operators) return operators;
    // process.env.NAME, process.env['NAME']: as rewind dev's own environment has it (the shell's).
    if (this.is(start, 'process') && this.is(start + 1, '.') && this.is(start + 2, 'env')) {
      const name =
        end - start === 5 && this.is(start + 3, '.')
          ? t[start + 4]!.value
          : end - start === 6 && this.is(start + 3, '[') && t[start + 4]!.kind === 'string'
            ? t[start + 4]!.value
            : undefined;
      if (name === undefined) return unknown;
      const value = process.env[name];
      return value === undefined ? { kind: 'absent', text: unknown.text, line: unknown.line } : { kind: 'string', value };
    }
    if (this.is(start, 'import') && this.is(start + 1, '.') && this.is(start + 2, 'meta') && this.is(start + 3, '.') && end - start === 5) {
      const prop = t[start + 4]!.value;
      if (prop === 'url') return { kind: 'string', value: pathToFileURL(this.file).href };
      if (prop === 'dirname') return { kind: 'path', value: dir };
      if (prop === 'filename') return { kind: 'path', value: this.file };
      return unknown;
    }
    if (first.kind === 'template' && first.part === 'head') return this.template(start, end, seen) ?? unknown;
    if (end - start === 1) {
      if (first.kind === 'string' || (first.kind === 'template' && !first.substituted)) return { kind: 'string', value: first.value };
      if (first.kind === 'id') return this.name(first.value, seen) ?? unknown;
      return unknown;
    }
    if (this.is(start, '{') && this.closing(start) === end - 1) return this.object(start, seen);
    // require.resolve('./workflows')
    if (this.is(start, 'require') && this.is(start + 1, '.') && this.is(start + 2, 'resolve') && this.is(start + 3, '(')) {
      const close = this.closing(start + 3);
      const arg = t[start + 4];
      if (close === end - 1 && close === start + 5 && arg?.kind === 'string' && arg.value.startsWith('.')) {
        const file = resolveSourceModule(path.resolve(dir, arg.value));
        return file ? { kind: 'path', value: file } : { kind: 'path', value: path.resolve(dir, arg.value) };
      }
      return unknown;
    }
    // new URL('./workflows.ts', import.meta.url), and its .pathname
    if (this.is(start, 'new') && this.is(start + 1, 'URL') && this.is(start + 2, '(')) {
      const close = this.closing(start + 2);
      const rest = end - close - 1;
      if (rest !== 0 && !(rest === 2 && this.is(close + 1, '.') && this.is(close + 2, 'pathname'))) return unknown;
      const [spec, base, ...more] = this.split(start + 3, close).map((a) => this.evaluate(a, seen));
      if (spec?.kind !== 'string' || base?.kind !== 'string' || !base.value.startsWith('file:') || more.length > 0) return unknown;
      return { kind: 'path', value: fileURLToPath(new URL(spec.value, base.value)) };
    }
    // A function of the file without parameters, called: `const options = () => ({ … })`.
    if (first.kind === 'id' && this.is(start + 1, '(') && this.is(start + 2, ')') && end === start + 3) {
      const init = this.consts.get(first.value);
      const key = `${this.file}#${first.value}()`;
      if (!init || seen.has(key) || !this.is(init.start, '(') || !this.is(init.start + 1, ')') || !this.is(init.start + 2, '=>'))
        return unknown;
      if (this.is(init.start + 3, '{')) return unknown; // A body of statements: not read.
      seen.add(key);
      return this.evaluate({ start: init.start + 3, end: init.end }, seen);
    }
    // A call: path.join(…), path.resolve(…), fileURLToPath(…)
    const callee = this.callee(start, end);
    if (callee) {
      const args = this.split(callee.open + 1, end - 1).map((a) => this.evaluate(a, seen));
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
        const v = this.tokens[k]!;
        if (v.kind === 'punct' && OPEN[v.value]) k = this.closing(k);
        else if (v.kind === 'punct' && values.includes(v.value)) at.push(k);
      }
      return at;
    };
    const unknown: Value = { kind: 'unknown', text: '', line: 0 };
    const question = top(['?'])[0];
    if (question !== undefined) {
      // The `:` of this `?`: nested conditionals in its true branch have their own.
      let depth = 0;
      const colon = top(['?', ':']).find((k) => k > question && (this.is(k, '?') ? (depth++, false) : depth-- === 0));
      if (colon === undefined) return unknown;
      const test = truthy(this.evaluate({ start, end: question }, seen));
      if (test === undefined) return unknown;
      return test ? this.evaluate({ start: question + 1, end: colon }, seen) : this.evaluate({ start: colon + 1, end }, seen);
    }
    const logical = top(['||', '??', '&&']);
    if (logical.length > 0) {
      if (logical.some((k) => this.is(k, '&&'))) return unknown;
      const bounds = [start - 1, ...logical, end];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const v = this.evaluate({ start: bounds[i]! + 1, end: bounds[i + 1]! }, seen);
        const op = this.tokens[bounds[i + 1]!]?.value;
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
      return { kind: 'boolean', value: this.is(at, '===') || this.is(at, '==') ? equal : !equal };
    }
    if (comparison.length > 1) return unknown;
    if (this.is(start, '!')) {
      const v = truthy(this.evaluate({ start: start + 1, end }, seen));
      return v === undefined ? unknown : { kind: 'boolean', value: !v };
    }
    return undefined;
  }

  /** A template with substitutions spanning [start, end): its text when each substitution is a string. */
  private template(start: number, end: number, seen: Set<string>): Value | undefined {
    let value = this.tokens[start]!.value;
    let from = start + 1;
    for (let k = start + 1; k < end; k++) {
      const v = this.tokens[k]!;
      if (v.kind === 'punct' && OPEN[v.value]) k = this.closing(k);
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
    const t = this.tokens;
    let fn: string | undefined;
    let open: number;
    if (t[start]?.kind === 'id' && this.is(start + 1, '.') && t[start + 2]?.kind === 'id' && this.is(start + 3, '(')) {
      const ns = this.imports.get(t[start]!.value);
      if (!ns || (ns.name !== '*' && ns.name !== 'default')) return undefined;
      if (PATH_MODULES.has(ns.module) || URL_MODULES.has(ns.module)) fn = t[start + 2]!.value;
      open = start + 3;
    } else if (t[start]?.kind === 'id' && this.is(start + 1, '(')) {
      const b = this.imports.get(t[start]!.value);
      if (b && (PATH_MODULES.has(b.module) || URL_MODULES.has(b.module))) fn = b.name;
      open = start + 1;
    } else return undefined;
    return fn && this.closing(open) === end - 1 ? { fn, open } : undefined;
  }

  private name(name: string, seen: Set<string>): Value | undefined {
    if (name === '__dirname') return { kind: 'path', value: path.dirname(this.file) };
    if (name === '__filename') return { kind: 'path', value: this.file };
    const binding = this.imports.get(name);
    if (binding) {
      if (!binding.module.startsWith('.')) return { kind: 'package', module: binding.module, name: binding.name };
      const file = resolveSourceModule(path.resolve(path.dirname(this.file), binding.module));
      if (!file) return undefined;
      return binding.name === '*' ? { kind: 'module', path: file } : { kind: 'export', path: file, name: binding.name };
    }
    const init = this.consts.get(name);
    const key = `${this.file}#${name}`;
    if (!init || seen.has(key)) return undefined;
    seen.add(key);
    return this.evaluate(init, seen);
  }

  private object(open: number, seen: Set<string>): Value {
    const t = this.tokens;
    const entries: ObjectEntry[] = [];
    for (const part of this.split(open + 1, this.closing(open))) {
      if (this.is(part.start, '...')) {
        const spread = this.evaluate({ start: part.start + 1, end: part.end }, seen);
        // An object's own properties are read as written here (later ones win, as in JavaScript).
        if (spread.kind === 'object') entries.push(...spread.entries);
        else entries.push({ value: spread });
      } else if (part.end - part.start === 1 && t[part.start]!.kind === 'id') {
        const key = t[part.start]!.value;
        entries.push({ key, value: this.evaluate(part, seen) });
      } else if ((t[part.start]!.kind === 'id' || t[part.start]!.kind === 'string') && this.is(part.start + 1, ':')) {
        entries.push({ key: t[part.start]!.value, value: this.evaluate({ start: part.start + 2, end: part.end }, seen) });
      } else {
        // A method, a computed key: a property the reader cannot name.
        entries.push({ value: { kind: 'unknown', text: this.textOf(part), line: this.line(part.start) } });
      }
    }
    return { kind: 'object', entries };
  }
}

/** Whether a value is truthy, as JavaScript decides; undefined when it cannot be known. */
function truthy(v: Value): boolean | undefined {
  if (v.kind === 'boolean') return v.value;
  if (v.kind === 'absent') return false;
  if (v.kind === 'string') return v.value !== '';
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
  if (init) return source.evaluate(init, seen);
  const binding = source.imports.get(name);
  if (binding?.module.startsWith('.') && binding.name !== '*') {
    const from = resolveSourceModule(path.resolve(path.dirname(file), binding.module));
    return from ? exportedValue(from, binding.name, seen) : undefined;
  }
  return undefined;
}
