// Type-checks a tiny project of in-memory files, placed in the repository so that they resolve
// `@rewind/sdk/*` as a user's project would (through node_modules), with the root TypeScript.
import path from 'node:path';
import ts from 'typescript';

const REPO = path.resolve(__dirname, '../../..');

/**
 * The type errors of `files` (name → source, placed in a folder of the repository), under `options`
 * laid over strict CommonJS defaults. Only errors in these files: the SDK's own are not theirs to show.
 */
export function typeErrorsOf(files: Record<string, string>, options: ts.CompilerOptions = {}): string[] {
  const dir = path.join(REPO, 'sdk/test/types/__virtual__');
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(dir, name), text]));
  const compilerOptions: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ['node'],
    ...options,
  };
  const host = ts.createCompilerHost(compilerOptions);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => virtual.has(f) || fileExists(f);
  host.readFile = (f) => virtual.get(f) ?? readFile(f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = virtual.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, ...rest);
  };
  const program = ts.createProgram([...virtual.keys()], compilerOptions, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && virtual.has(d.file.fileName))
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${path.basename(d.file!.fileName)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}
