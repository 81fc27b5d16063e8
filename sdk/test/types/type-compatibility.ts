// Checks that Rewind's exports have types compatible with Temporal's, name by name, by type-checking one
// generated file of assignments (`typeof T.X = R.X`, and both ways between their interfaces and aliases).
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

/**
 * Type-checks the assignments for `compared` in a file placed in `dir`, importing each package's index from
 * `temporalIndex(pkg)` and `rewindIndex(pkg)`, in a program that reuses `base` (which holds those files).
 */
export function incompatibilities<P extends string>(
  base: ts.Program,
  compared: readonly Compared<P>[],
  indexes: { temporal: (pkg: P) => string; rewind: (pkg: P) => string },
  dir: string,
): Incompatibility<P>[] {
  const file = path.join(dir, 'type-compatibility.generated.ts');
  const specifier = (index: string): string => './' + path.relative(dir, index).replace(/(\.d)?\.ts$/, '');
  const lines: string[] = [];
  const checkOfLine: ({ pkg: P; name: string; check: Check } | undefined)[] = [];
  const emit = (line: string, check?: { pkg: P; name: string; check: Check }): void => {
    lines.push(line);
    checkOfLine.push(check);
  };
  const id = (pkg: string): string => pkg.replace(/\W/g, '_');
  for (const pkg of new Set(compared.map((c) => c.pkg))) {
    emit(`import * as T_${id(pkg)} from '${specifier(indexes.temporal(pkg))}';`);
    emit(`import * as R_${id(pkg)} from '${specifier(indexes.rewind(pkg))}';`);
  }
  const args = (arity: number): string => (arity === 0 ? '' : `<${Array<string>(arity).fill('any').join(', ')}>`);
  for (const c of compared) {
    const [t, r, at] = [`T_${id(c.pkg)}.${c.name}`, `R_${id(c.pkg)}.${c.name}`, { pkg: c.pkg, name: c.name }];
    const v = `${id(c.pkg)}_${c.name}`;
    if (isValueCheck(c)) emit(`export const value_${v}: typeof ${t} = ${r};`, { ...at, check: 'value' });
    if (isTypeCheck(c)) {
      const [tt, rt] = [t + args(c.temporal.arity), r + args(c.rewind.arity)];
      emit(`export const options_${v} = (x: ${tt}): ${rt} => x;`, { ...at, check: 'options' });
      emit(`export const results_${v} = (x: ${rt}): ${tt} => x;`, { ...at, check: 'results' });
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
