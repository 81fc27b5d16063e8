// The answer of the built-in `__stack_trace` query ("waiting on timer (1 h) at /src/workflows.ts:15:9",
// one line per wait; see sdk/src/worker/workflows/workflow-tasks.ts) as data, and where to look for its file in
// the workspace. Plain code: the panel stats the candidate paths and opens the first that exists.

export interface WaitSite {
  /** What the workflow waits on: `timer (1 h)`, `activity charge`, `condition`… */
  what: string;
  /** Where in the workflow's source, when the worker could tell (absolute path on the worker's machine). */
  file?: string;
  line?: number;
  column?: number;
}

/** Greedy `what`: a path may hold " at " too, and the location is always the line's last part. */
const WAIT_AT = /^waiting on (.*) at (\S.*):(\d+):(\d+)$/;
const WAIT = /^waiting on (.+)$/;

/** The wait sites of a `__stack_trace` answer; lines that are not waits (e.g. "waits on nothing") are left out. */
export function parseStackTrace(text: string): WaitSite[] {
  const out: WaitSite[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const at = WAIT_AT.exec(line);
    if (at) out.push({ what: at[1]!, file: at[2]!, line: Number(at[3]), column: Number(at[4]) });
    else {
      const m = WAIT.exec(line);
      if (m) out.push({ what: m[1]! });
    }
  }
  return out;
}

/**
 * Where the file of a wait site may be, best first: the path itself, then, for each workspace folder,
 * the path's trailing parts under that folder (the worker may have run in another checkout or a
 * container: `/build/app/src/workflows.ts` is tried as `<folder>/app/src/workflows.ts`,
 * `<folder>/src/workflows.ts`, `<folder>/workflows.ts`). Paths use `/`.
 */
export function candidatePaths(file: string, workspaceFolders: readonly string[]): string[] {
  const normal = file.replace(/\\/g, '/');
  const out = [normal];
  const parts = normal.split('/').filter((p) => p.length > 0);
  for (const folder of workspaceFolders) {
    const base = folder.replace(/\\/g, '/').replace(/\/+$/, '');
    for (let i = 0; i < parts.length; i++) {
      const candidate = `${base}/${parts.slice(i).join('/')}`;
      if (!out.includes(candidate)) out.push(candidate);
    }
  }
  return out;
}
