// The job "Open in Node debugger" hands to the program it runs under VS Code's JavaScript debugger:
// the history, the workflow code, the event to replay to and the code site to pause at. Written by
// the `rewind` adapter into a temp folder of its own; read (and removed) by node-replay-main.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface NodeReplayJob {
  /** The history as the session got it: an object, or the text of the file. */
  history: unknown;
  workflowsPath: string;
  workflowInterceptorModules: string[];
  eventId: number;
  site?: number;
}

const JOB_FILE = 'job.json';

/** Writes a job; returns the path of its file. */
export function writeNodeReplayJob(job: NodeReplayJob): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-node-replay-'));
  const file = path.join(dir, JOB_FILE);
  fs.writeFileSync(file, JSON.stringify(job));
  return file;
}

/** Reads a job and removes its folder (a job is run once). */
export function takeNodeReplayJob(file: string): NodeReplayJob {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as NodeReplayJob;
  } finally {
    if (path.basename(file) === JOB_FILE) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
