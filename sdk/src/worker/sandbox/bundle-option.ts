// The forms of workflow code a worker or a replay takes, as Temporal's WorkflowBundleOption: a bundle's code
// (with or without its source map), or the paths of files it was written to. Made by Rewind's bundleWorkflowCode.
import fs from 'node:fs';
import { ValueError } from '../../common/errors';
import type { WorkflowBundle } from './bundler';

/** A bundle with its source map, as {@link bundleWorkflowCode} makes it (Temporal's `WorkflowBundleWithSourceMap`). */
export interface WorkflowBundleWithSourceMap {
  code: string;
  sourceMap: string;
}

/** A bundle's code written to a file (Temporal's `WorkflowBundlePath`): stacks name the bundle's lines. */
export interface WorkflowBundlePath {
  codePath: string;
}

/** A bundle's code and source map written to files (Temporal's `WorkflowBundlePathWithSourceMap`). */
export interface WorkflowBundlePathWithSourceMap {
  codePath: string;
  sourceMapPath: string;
}

/**
 * Workflow code made by {@link bundleWorkflowCode}, given as it is or as the files it was written to
 * (`fs.writeFileSync(codePath, bundle.code)`), as Temporal's `WorkflowBundleOption`.
 */
export type WorkflowBundleOption = WorkflowBundle | WorkflowBundleWithSourceMap | WorkflowBundlePath | WorkflowBundlePathWithSourceMap;

/**
 * The bundle an option gives: as it is, or read from its files.
 *
 * @throws ValueError if a file cannot be read (the message names it), or the option is neither form.
 */
export function loadWorkflowBundle(option: WorkflowBundleOption): WorkflowBundle {
  if ('code' in option && typeof option.code === 'string') return option;
  if ('codePath' in option && typeof option.codePath === 'string') {
    const sourceMapPath = 'sourceMapPath' in option ? option.sourceMapPath : undefined;
    const code = readBundleFile(option.codePath, 'codePath');
    return sourceMapPath === undefined ? { code } : { code, sourceMap: readBundleFile(sourceMapPath, 'sourceMapPath') };
  }
  throw new ValueError('workflowBundle must be { code } (from bundleWorkflowCode) or { codePath } (the file its code was written to).');
}

function readBundleFile(file: string, option: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ValueError(
      `Cannot read the workflow bundle's ${option} ${file} (${(err as Error).message}): write it from bundleWorkflowCode's result first.`,
      { cause: err },
    );
  }
}
