// What a type check of `rewind dev` covers, whichever TypeScript runs it: the workflows and activities
// modules (and what they import) under the project's tsconfig.json or, without one, strict defaults;
// and how an error is told (file:line:col, the project's own files only).
import fs from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '@rewind/sdk/internal/project/project-config';

/** Compiler options as tsconfig.json writes them. */
export type JsonCompilerOptions = Record<string, unknown>;

export interface TypeCheckPlan {
  root: string;
  /** The files the check starts from. */
  files: string[];
  /** The project's tsconfig.json, if it has one. */
  tsconfig?: string;
  /** The options of a project without tsconfig.json. */
  defaults: JsonCompilerOptions;
  /** Laid over the project's options: a check writes nothing, whatever the project emits. */
  checkOnly: JsonCompilerOptions;
  /** Where `@rewind/sdk/*` is, when the project cannot resolve it itself (the bundler then uses rewind's own). */
  sdkPaths?: Record<string, string[]>;
}

/** `version`: the project's TypeScript (6 and later include no @types packages unless told to). */
export function typeCheckPlan(config: ProjectConfig, version: string): TypeCheckPlan {
  const root = config.root;
  const tsconfig = path.join(root, 'tsconfig.json');
  const sdk = path.dirname(require.resolve('@rewind/sdk/package.json'));
  return {
    root,
    files: [config.workflowsPath, ...(config.activitiesPath ? [config.activitiesPath] : [])].map(resolveTs),
    ...(fs.existsSync(tsconfig) ? { tsconfig } : {}),
    defaults: {
      strict: true,
      target: 'es2022',
      module: 'node16',
      moduleResolution: 'node16',
      ...(Number(version.split('.')[0]) >= 6 ? { types: ['*'] } : {}),
    },
    checkOnly: { noEmit: true, skipLibCheck: true, composite: false, emitDeclarationOnly: false },
    ...(canResolve('@rewind/sdk/package.json', root) ? {} : { sdkPaths: { '@rewind/sdk/*': [path.join(sdk, 'src', '*', 'index.ts')] } }),
  };
}

/** One error as `rewind dev` prints it: `src/workflows.ts:12:9: message`, or the message alone. */
export function diagnosticLine(root: string, text: string, at?: { file: string; line: number; column: number }): string {
  return at ? `${path.relative(root, path.resolve(root, at.file))}:${at.line}:${at.column}: ${text}` : text;
}

/** Errors in the project's own files count; those in node_modules or outside the project do not. */
export function isProjectFile(root: string, file: string): boolean {
  const rel = path.relative(root, path.resolve(root, file));
  return !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).includes('node_modules');
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
