// Line breakpoints on workflow source files: which events each one stops at (the events issued or
// awaited from that line), matching the client's paths to the replay's source-mapped paths.
import fs from 'node:fs';
import path from 'node:path';
import type { ReplaySession } from './replay-runtime';

export interface LineBreakpoint {
  id: number;
  line: number;
  /** The events issued or awaited from the line (none: the breakpoint is not verified). */
  events: number[];
}

/** One spelling per file: resolved, symlinks followed, case folded where the file system ignores it. */
export function samePathKey(file: string): string {
  let p = path.resolve(file);
  try {
    p = fs.realpathSync.native(p);
  } catch {
    // A file that does not exist (any more) keeps its resolved path.
  }
  return process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p;
}

export class LineBreakpoints {
  private readonly byFile = new Map<string, LineBreakpoint[]>();
  /** The source files the replay knows, by key, as the runtime spells them. */
  private readonly sourceFiles = new Map<string, string>();
  private nextId = 1;

  constructor(private readonly session: ReplaySession) {
    for (const i of session.info) if (i.location) this.sourceFiles.set(samePathKey(i.location.file), i.location.file);
  }

  /** Replaces the breakpoints of a file (a setBreakpoints request); lines are 1-based. */
  set(file: string, lines: readonly number[]): LineBreakpoint[] {
    const key = samePathKey(file);
    const runtimeFile = this.sourceFiles.get(key);
    const bps = lines.map((line) => ({ id: this.nextId++, line, events: runtimeFile ? this.session.eventsAtLine(runtimeFile, line) : [] }));
    this.byFile.set(key, bps);
    return bps;
  }

  /** The breakpoints that stop at an event. */
  hitsAt(eventId: number): LineBreakpoint[] {
    const hits: LineBreakpoint[] = [];
    for (const bps of this.byFile.values()) for (const bp of bps) if (bp.events.includes(eventId)) hits.push(bp);
    return hits;
  }
}
