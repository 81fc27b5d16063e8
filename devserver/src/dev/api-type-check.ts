// Type checking through TypeScript's compiler API (TypeScript 6 and older), incrementally from one check
// to the next; runs on the type-check thread (the checker is synchronous).
import fs from 'node:fs';
import type * as TS from 'typescript';
import { diagnosticLine, isProjectFile, type TypeCheckPlan } from './type-check-plan';

/** Checks the project; returns the errors in its own files, one per entry, or [] when it type-checks. */
export type ApiTypeCheck = () => string[];

/** `typescript`: the folder of the project's TypeScript package (it must have the classic compiler API). */
export function createApiTypeCheck(typescript: string, plan: TypeCheckPlan): ApiTypeCheck {
  const ts = require(typescript) as typeof TS;
  if (typeof ts.createEmitAndSemanticDiagnosticsBuilderProgram !== 'function') {
    throw new Error(`the TypeScript in ${typescript} (${String(ts.version)}) has no compiler API`);
  }
  const options = compilerOptions(ts, plan);
  let previous: TS.EmitAndSemanticDiagnosticsBuilderProgram | undefined;
  const host = ts.createIncrementalCompilerHost(options);
  // Unchanged files (the libs, the SDK, most of the project) are parsed once: the next check reuses them.
  const parsed = new Map<string, { mtimeMs: number; file: TS.SourceFile | undefined }>();
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const mtimeMs = fs.statSync(fileName, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    const hit = parsed.get(fileName);
    if (hit && hit.mtimeMs === mtimeMs) return hit.file;
    const file = read(fileName, languageVersion, onError, shouldCreate);
    parsed.set(fileName, { mtimeMs, file });
    return file;
  };
  return () => {
    const program = ts.createEmitAndSemanticDiagnosticsBuilderProgram(plan.files, options, host, previous);
    previous = program;
    const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
    return diagnostics
      .filter((d) => !d.file || isProjectFile(plan.root, d.file.fileName))
      .map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
        if (!d.file || d.start === undefined) return diagnosticLine(plan.root, text);
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        return diagnosticLine(plan.root, text, { file: d.file.fileName, line: line + 1, column: character + 1 });
      });
  };
}

/** The project's tsconfig (or the plan's defaults), made to check only, with the SDK's types where the plan says. */
function compilerOptions(ts: typeof TS, plan: TypeCheckPlan): TS.CompilerOptions {
  let options = ts.convertCompilerOptionsFromJson(plan.defaults, plan.root).options;
  if (plan.tsconfig) {
    const read = ts.readConfigFile(plan.tsconfig, (f) => ts.sys.readFile(f));
    if (!read.error) options = ts.parseJsonConfigFileContent(read.config, ts.sys, plan.root).options;
  }
  const checkOnly = ts.convertCompilerOptionsFromJson(plan.checkOnly, plan.root).options;
  const paths = plan.sdkPaths ? { paths: { ...options.paths, ...plan.sdkPaths } } : {};
  return { ...options, ...checkOnly, incremental: false, ...paths };
}
