// A project source file read without running it: its tokens, what its imports and requires bind, its
// `const`s' initializers, and how its brackets and commas divide it (source-values.ts says what they are worth).
import fs from 'node:fs';
import path from 'node:path';
import { lineOf, tokenize, type Token } from './source-tokens';

/** What a local name is bound to by an import or a require. */
export interface Binding {
  module: string;
  /** `*` for a namespace (or a whole `require`), `default`, or the export's name. */
  name: string;
}
/** A range of tokens [start, end). */
export interface Range {
  start: number;
  end: number;
}
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];
const TS_SOURCES: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
export const OPEN: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
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

  /** Whether token k is this punctuation or word. */
  is(k: number, value: string): boolean {
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
}
