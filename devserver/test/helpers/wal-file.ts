// Reading a SQLite WAL file's frames (https://www.sqlite.org/fileformat.html#the_write_ahead_log), to
// cut a copy of it in the middle of a transaction the way a crash does.
import fs from 'node:fs';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

export interface WalShape {
  pageSize: number;
  frameSize: number;
  /** Bytes of whole frames up to and with the last commit frame of the current WAL (its salt). */
  committedEnd: number;
  /** The end of the current WAL's frames: those after committedEnd are a transaction under way. */
  framesEnd: number;
  /** Commit frames seen. */
  commits: number;
  length: number;
}

export function walShape(file: string): WalShape {
  const buf = fs.readFileSync(file);
  if (buf.length < WAL_HEADER)
    return { pageSize: 0, frameSize: 0, committedEnd: buf.length, framesEnd: buf.length, commits: 0, length: buf.length };
  const pageSize = buf.readUInt32BE(8);
  const salt1 = buf.readUInt32BE(16);
  const salt2 = buf.readUInt32BE(20);
  const frameSize = FRAME_HEADER + pageSize;
  let committedEnd = WAL_HEADER;
  let framesEnd = WAL_HEADER;
  let commits = 0;
  for (let at = WAL_HEADER; at + frameSize <= buf.length; at += frameSize) {
    // Frames left from before the WAL restarted carry the old salt: the log ends there.
    if (buf.readUInt32BE(at + 8) !== salt1 || buf.readUInt32BE(at + 12) !== salt2) break;
    framesEnd = at + frameSize;
    if (buf.readUInt32BE(at + 4) !== 0) {
      committedEnd = framesEnd;
      commits++;
    }
  }
  return { pageSize, frameSize, committedEnd, framesEnd, commits, length: buf.length };
}

/**
 * Makes the WAL end in the middle of a transaction after its last commit: cut inside the frames written
 * after it (a transaction under way), or, if there are none, a torn half-written frame appended. Returns how.
 */
export function tearWal(file: string, random: (min: number, max: number) => number): string {
  const shape = walShape(file);
  if (shape.frameSize === 0) return 'no frames';
  const underWay = shape.framesEnd - shape.committedEnd;
  if (underWay > 0) {
    const keep = shape.committedEnd + random(1, underWay - 1);
    fs.truncateSync(file, keep);
    return `cut the ${underWay / shape.frameSize} frame(s) of a transaction under way after ${keep - shape.committedEnd} bytes`;
  }
  // Frames of an earlier WAL after the log's end are ignored by SQLite; drop them to tear a frame there.
  fs.truncateSync(file, shape.committedEnd);
  const torn = Buffer.alloc(random(1, shape.frameSize - 1));
  for (let i = 0; i < torn.length; i++) torn[i] = random(0, 255);
  fs.appendFileSync(file, torn);
  return `appended a torn frame of ${torn.length} bytes after the last commit`;
}
