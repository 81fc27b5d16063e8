// One `rewind dev` per folder: `.rewind/dev.json` names the process that runs it and its address.
import fs from 'node:fs';
import path from 'node:path';

export class DevAlreadyRunningError extends Error {
  override readonly name = 'DevAlreadyRunningError';
}

export class DevLock {
  private constructor(private readonly file: string) {}

  static acquire(root: string): DevLock {
    const file = path.join(root, '.rewind', 'dev.json');
    const other = readLock(file);
    if (other && other.pid !== process.pid && alive(other.pid)) {
      throw new DevAlreadyRunningError(
        `rewind dev is already running in ${root} (process ${other.pid}${other.address ? `, server ${other.address}` : ''}). ` +
          'Use that one (point clients at its address), or stop it with Ctrl-C first.',
      );
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid }));
    return new DevLock(file);
  }

  write(address: string): void {
    fs.writeFileSync(this.file, JSON.stringify({ pid: process.pid, address }));
  }

  release(): void {
    if (readLock(this.file)?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}

function readLock(file: string): { pid: number; address?: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; address?: string };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
