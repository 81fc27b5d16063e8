// Checks that Rewind's exports have types compatible with Temporal's, name by name, by type-checking one
// generated file of assignments (`typeof T.X = R.X`, and both ways between their interfaces and aliases), and
// a second of the failed ones between public surfaces (./surface.ts).
import path from 'node:path';
import ts from 'typescript';

/** What the checks need to know of one exported name on one side. */
export interface ExportShape {
  /** A value at run time (a function, class, constant). */
  value: boolean;
  /** A type (an interface, alias, class or enum). */
  type: boolean;
  /** A class: its instance type is not compared (private members make classes nominal), its constructor is. */
  class: boolean;
  /** How many type parameters the type takes (each is given `any`). */
  arity: number;
}

/** A name both sides export, to compare. */
export interface Compared<P extends string = string> {
  readonly pkg: P;
  readonly name: string;
  readonly temporal: ExportShape;
  readonly rewind: ExportShape;
}

/** One failed check: which name, which check, and the compiler's first and last words on it. */
export interface Incompatibility<P extends string = string> {
  readonly pkg: P;
  readonly name: string;
  readonly check: Check;
  readonly message: string;
}

/**
 * `value`: Rewind's value is usable where Temporal's is. `options`: a value of Temporal's type is one of
 * Rewind's (user code builds it). `results`: a value of Rewind's type is one of Temporal's (user code reads it).
 */
export type Check = 'value' | 'options' | 'results';

/** The shape of an exported symbol (followed through re-exports). */
export function shapeOf(checker: ts.TypeChecker, symbol: ts.Symbol): ExportShape {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const generic = (target.declarations ?? []).find(
    (d): d is ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.ClassDeclaration =>
      (ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isClassDeclaration(d)) && d.typeParameters !== undefined,
  );
  return {
    value: (target.flags & ts.SymbolFlags.Value) !== 0,
    type: (target.flags & ts.SymbolFlags.Type) !== 0,
    class: (target.flags & ts.SymbolFlags.Class) !== 0,
    arity: generic?.typeParameters?.length ?? 0,
  };
}

/** How many checks `compared` makes (a value check per value, two per type). */
export function checkCount(compared: readonly Compared[]): number {
  return compared.reduce((n, c) => n + (isValueCheck(c) ? 1 : 0) + (isTypeCheck(c) ? 2 : 0), 0);
}

const isValueCheck = (c: Compared): boolean => c.temporal.value && c.rewind.value;
const isTypeCheck = (c: Compared): boolean => c.temporal.type && c.rewind.type && !c.temporal.class;

/** Where the generated files import each package's index from, and the folder they are placed in. */
export interface Indexes<P extends string> {
  readonly temporal: (pkg: P) => string;
  readonly rewind: (pkg: P) => string;
  readonly dir: string;
}

/** The names compared, in three classes (see `compareTypes`). */
export interface Comparison<P extends string = string> {
  /** Every check passes as TypeScript checks it. */
  readonly compatible: readonly Compared<P>[];
  /** A check fails as TypeScript checks it, but each such check passes between the public surfaces. */
  readonly bySurface: readonly Compared<P>[];
  /** A check fails between the public surfaces too: each such check, with the compiler's words on its surfaces. */
  readonly differing: readonly Incompatibility<P>[];
}

/**
 * Compares the names in two passes. First the plain checks (`typeof T.X = R.X`; Temporal's type to Rewind's
 * and back). Then, for each check that failed, the same check between the public surfaces (`Surface<…>` on
 * both sides, ./surface.ts), where classes with private members and Temporal's unique-symbol brands, which
 * no type outside Temporal's packages can match, are compared by their public members. A name is
 * compatible by surface when every check it failed passes that way; otherwise it differs in shape.
 */
export function compareTypes<P extends string>(base: ts.Program, compared: readonly Compared<P>[], indexes: Indexes<P>): Comparison<P> {
  const plain = failedChecks(base, compared, indexes, false);
  const failedNames = new Set(plain.map((f) => key(f)));
  const retried = compared.filter((c) => failedNames.has(key(c)));
  const failed = new Set(plain.map((f) => `${key(f)}: ${f.check}`));
  const differing = failedChecks(base, retried, indexes, true, (c, check) => failed.has(`${key(c)}: ${check}`));
  const differingNames = new Set(differing.map((f) => key(f)));
  return {
    compatible: compared.filter((c) => !failedNames.has(key(c))),
    bySurface: retried.filter((c) => !differingNames.has(key(c))),
    differing,
  };
}

const key = (c: { pkg: string; name: string }): string => `${c.pkg}: ${c.name}`;

/**
 * Type-checks the assignments for `compared` (only the checks `include` keeps), plain or between their
 * surfaces, in a file placed in `indexes.dir` that imports each package's index, in a program that reuses
 * `base` (which holds those files): the checks that fail.
 */
function failedChecks<P extends string>(
  base: ts.Program,
  compared: readonly Compared<P>[],
  indexes: Indexes<P>,
  surface: boolean,
  include: (c: Compared<P>, check: Check) => boolean = () => true,
): Incompatibility<P>[] {
  const dir = indexes.dir;
  const file = path.join(dir, surface ? 'type-surface.generated.ts' : 'type-compatibility.generated.ts');
  const specifier = (index: string): string => './' + path.relative(dir, index).replace(/(\.d)?\.ts$/, '');
  const lines: string[] = [];
  const checkOfLine: ({ pkg: P; name: string; check: Check } | undefined)[] = [];
  const emit = (line: string, check?: { pkg: P; name: string; check: Check }): void => {
    lines.push(line);
    checkOfLine.push(check);
  };
  const id = (pkg: string): string => pkg.replace(/\W/g, '_');
  if (surface) emit(`import type { Surface } from './surface';`);
  for (const pkg of new Set(compared.map((c) => c.pkg))) {
    emit(`import * as T_${id(pkg)} from '${specifier(indexes.temporal(pkg))}';`);
    emit(`import * as R_${id(pkg)} from '${specifier(indexes.rewind(pkg))}';`);
  }
  const args = (arity: number): string => (arity === 0 ? '' : `<${Array<string>(arity).fill('any').join(', ')}>`);
  const of = (type: string): string => (surface ? `Surface<${type}>` : type);
  for (const c of compared) {
    const [t, r, at] = [`T_${id(c.pkg)}.${c.name}`, `R_${id(c.pkg)}.${c.name}`, { pkg: c.pkg, name: c.name }];
    const v = `${id(c.pkg)}_${c.name}`;
    if (isValueCheck(c) && include(c, 'value'))
      emit(`export const value_${v} = (x: ${of(`typeof ${r}`)}): ${of(`typeof ${t}`)} => x;`, { ...at, check: 'value' });
    if (isTypeCheck(c)) {
      const [tt, rt] = [of(t + args(c.temporal.arity)), of(r + args(c.rewind.arity))];
      if (include(c, 'options')) emit(`export const options_${v} = (x: ${tt}): ${rt} => x;`, { ...at, check: 'options' });
      if (include(c, 'results')) emit(`export const results_${v} = (x: ${rt}): ${tt} => x;`, { ...at, check: 'results' });
    }
  }
  const text = lines.join('\n') + '\n';
  const options = base.getCompilerOptions();
  const host = ts.createCompilerHost(options);
  const [fileExists, readFile, getSourceFile] = [host.fileExists.bind(host), host.readFile.bind(host), host.getSourceFile.bind(host)];
  host.fileExists = (f) => f === file || fileExists(f);
  host.readFile = (f) => (f === file ? text : readFile(f));
  host.getSourceFile = (f, lang, ...rest) => (f === file ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, ...rest));
  const program = ts.createProgram([...base.getRootFileNames(), file], options, host, base);
  const source = program.getSourceFile(file)!;
  return ts.getPreEmitDiagnostics(program, source).map((d) => {
    const line = source.getLineAndCharacterOfPosition(d.start ?? 0).line;
    const chain = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n');
    const message = chain.length > 1 ? `${chain[0]!.trim()} … ${chain[chain.length - 1]!.trim()}` : chain[0]!.trim();
    const check = checkOfLine[line];
    if (!check) throw new Error(`the generated check file does not compile: ${lines[line]}: ${message}`);
    return { ...check, message };
  });
}
