// Evaluates a project's rewind.config.ts where esbuild is not (the extension; `rewind dev` bundles it
// with esbuild): it and the project modules it imports are transpiled with the TypeScript given (Rewind's
// own, on the scan thread) and run as CommonJS; packages come from the project's node_modules, as Node
// finds them. Runs project code: only on the scan thread, never in the extension host's.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type * as ts from 'typescript';

/** What an import of a project file may name without its extension, in the order tried. */
const EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.json'];
/** The sources a `.js` name may be written for. */
const TS_SOURCES: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/** A CommonJS module being evaluated. */
interface Module {
  exports: unknown;
}

/** The exports of the module `file` (a rewind.config.ts), evaluated with what it imports. */
export function evaluateConfigModule(typescript: typeof ts, file: string): unknown {
  const modules = new Map<string, Module>();
  const load = (file: string): unknown => {
    const known = modules.get(file);
    if (known) return known.exports; // A cycle, or imported twice: as Node does.
    const mod: Module = { exports: {} };
    modules.set(file, mod);
    const text = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      mod.exports = JSON.parse(text) as unknown;
      return mod.exports;
    }
    const { outputText } = typescript.transpileModule(text, {
      fileName: file,
      compilerOptions: {
        module: typescript.ModuleKind.CommonJS,
        target: typescript.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    const nodeRequire = createRequire(file);
    const require = (specifier: string): unknown => {
      const local =
        specifier.startsWith('.') || path.isAbsolute(specifier) ? sourceFile(path.resolve(path.dirname(file), specifier)) : undefined;
      return local ? load(local) : nodeRequire(specifier);
    };
    // Wrapped as Node wraps a CommonJS module, and named for its file (a throw's stack says where).
    const run = vm.runInThisContext(`(function (module, exports, require, __filename, __dirname) {${outputText}\n})`, {
      filename: file,
    }) as (module: Module, exports: unknown, require: (specifier: string) => unknown, filename: string, dirname: string) => void;
    run(mod, mod.exports, require, file, path.dirname(file));
    return mod.exports;
  };
  return load(path.resolve(file));
}

/**
 * The project source file an import names: as written, with an extension, as a folder's index, or a
 * `.js` name written for its `.ts` source (as TypeScript lets ES modules write it). Undefined if none.
 */
function sourceFile(base: string): string | undefined {
  const written = path.extname(base);
  const asTs = TS_SOURCES[written] ?? [];
  const candidates = [
    ...(EXTENSIONS.includes(written) ? [base] : []),
    ...asTs.map((ext) => base.slice(0, -written.length) + ext),
    ...EXTENSIONS.map((ext) => base + ext),
    ...EXTENSIONS.map((ext) => path.join(base, 'index' + ext)),
  ];
  return candidates.find((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile());
}
