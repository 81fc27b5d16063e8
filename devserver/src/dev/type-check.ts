// Type checking for `rewind dev`: the project's workflows and activities (and what they import) with
// the project's TypeScript and tsconfig, incrementally from one check to the next.
import fs from 'node:fs';
import path from 'node:path';
import type * as TS from 'typescript';
import type { DevConfig } from './dev-config';

/** Checks the project; returns the errors in its own files, one per line, or [] when it type-checks. */
export type TypeChecker = () => string[];

/** A checker, or undefined (with the reason) when no TypeScript can be found for the project. */
export function createTypeChecker(config: DevConfig): { check?: TypeChecker; unavailable?: string } {
  const ts = loadTypeScript(config.root);
  if (!ts) return { unavailable: 'TypeScript is not installed in this project: type errors are not checked (npm install -D typescript).' };
  const options = compilerOptions(ts, config.root);
  const roots = [config.workflowsPath, ...(config.activitiesPath ? [config.activitiesPath] : [])].map(resolveTs);
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
  return {
    check: () => {
      const program = ts.createEmitAndSemanticDiagnosticsBuilderProgram(roots, options, host, previous);
      previous = program;
      const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
      return diagnostics
        .filter((d) => !d.file || isProjectFile(config.root, d.file.fileName))
        .map((d) => {
          const text = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
          if (!d.file || d.start === undefined) return text;
          const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
          return `${path.relative(config.root, d.file.fileName)}:${line + 1}:${character + 1}: ${text}`;
        });
    },
  };
}

function loadTypeScript(root: string): typeof TS | undefined {
  for (const from of [root, __dirname]) {
    try {
      return require(require.resolve('typescript', { paths: [from] })) as typeof TS;
    } catch {
      // Not there: try the next place.
    }
  }
  return undefined;
}

/** The project's tsconfig (if any), made to check only, with the SDK's types found where rewind runs it. */
function compilerOptions(ts: typeof TS, root: string): TS.CompilerOptions {
  const file = path.join(root, 'tsconfig.json');
  let options: TS.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
  };
  if (fs.existsSync(file)) {
    const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
    if (!read.error) options = ts.parseJsonConfigFileContent(read.config, ts.sys, root).options;
  }
  const sdk = path.dirname(require.resolve('@rewind/sdk/package.json'));
  const paths: Record<string, string[]> = { ...options.paths };
  if (!canResolve('@rewind/sdk/package.json', root)) paths['@rewind/sdk/*'] = [path.join(sdk, 'src', '*', 'index.ts')];
  return { ...options, noEmit: true, skipLibCheck: true, incremental: false, paths, ...(options.baseUrl ? {} : { baseUrl: root }) };
}

function canResolve(id: string, from: string): boolean {
  try {
    require.resolve(id, { paths: [from] });
    return true;
  } catch {
    return false;
  }
}

function resolveTs(p: string): string {
  for (const candidate of [p, `${p}.ts`, path.join(p, 'index.ts')])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return p;
}

function isProjectFile(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).includes('node_modules');
}
