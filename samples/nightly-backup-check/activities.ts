// The steps of the backup check, on real files: the newest backup, its SHA-256, a restore to a
// temporary folder. Failures that retrying cannot fix are non-retryable.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@rewind/sdk/activity';
import type { CheckResult } from './workflows';

export interface BackupFile {
  file: string;
  bytes: number;
  sha256: string;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function findLatestBackup(dir: string, maxAgeHours: number): Promise<BackupFile> {
  const names = await fs.readdir(dir).catch(() => {
    throw ApplicationFailure.nonRetryable(`Backup folder ${dir} does not exist`, 'NoBackup');
  });
  const backups = await Promise.all(
    names.filter((n) => n.endsWith('.bak')).map(async (n) => ({ file: path.join(dir, n), stat: await fs.stat(path.join(dir, n)) })),
  );
  const newest = backups.sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs)[0];
  if (!newest) throw ApplicationFailure.nonRetryable(`No backup (*.bak) in ${dir}`, 'NoBackup');
  const ageHours = (Date.now() - newest.stat.mtimeMs) / 3_600_000;
  if (ageHours > maxAgeHours) {
    throw ApplicationFailure.nonRetryable(`The newest backup is ${Math.round(ageHours)} hours old (at most ${maxAgeHours})`, 'StaleBackup');
  }
  const sha256 = (await fs.readFile(`${newest.file}.sha256`, 'utf8').catch(() => '')).trim().split(/\s+/)[0] ?? '';
  if (!sha256) throw ApplicationFailure.nonRetryable(`${newest.file} has no ${path.basename(newest.file)}.sha256 next to it`, 'NoChecksum');
  return { file: newest.file, bytes: newest.stat.size, sha256 };
}

export async function verifyChecksum(file: string, expected: string): Promise<void> {
  const actual = await sha256Of(file);
  if (actual !== expected) {
    throw ApplicationFailure.nonRetryable(
      `${path.basename(file)}: checksum ${actual.slice(0, 12)}… is not the recorded ${expected.slice(0, 12)}…`,
      'ChecksumMismatch',
    );
  }
}

/** Restores (here: copies) the backup to a temporary folder and checks what came back. */
export async function testRestore(file: string, expected: string): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'restore-test-'));
  try {
    const restored = path.join(dir, path.basename(file));
    await fs.copyFile(file, restored);
    if ((await sha256Of(restored)) !== expected)
      throw ApplicationFailure.nonRetryable('The restored copy differs from the backup', 'RestoreFailed');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Where a real check would email or page; here it prints. */
export async function report(result: CheckResult): Promise<void> {
  console.log(result.ok ? `Backup check passed: ${result.steps.join(', ')}` : `Backup check FAILED: ${result.problem}`);
}
