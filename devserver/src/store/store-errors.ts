// Errors of opening and writing the database, each saying what is wrong and what to do.

export type StoreErrorCode = 'NOT_REWIND_DATABASE' | 'NEWER_SCHEMA' | 'DATABASE_LOCKED' | 'DISK_FULL' | 'CANNOT_OPEN';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface SqliteErrorLike {
  code?: string;
  message?: string;
}

/** A clear StoreError for the SQLite errors people meet (locked, full, not a database), else the error. */
export function explainSqliteError(err: unknown, location: string): unknown {
  const code = (err as SqliteErrorLike | undefined)?.code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      'DATABASE_LOCKED',
      `The database ${location} is locked by another process (another Rewind server using the same file: a \`rewind server start\`, or a \`rewind dev\` of this project, which starts its own server?). Stop it, or start this one with --db pointing at another file.`,
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_FULL')) {
    return new StoreError(
      'DISK_FULL',
      `The disk holding ${location} is full: the change was not saved. Free some space; Rewind carries on once it can write.`,
      {
        cause: err,
      },
    );
  }
  if (code.startsWith('SQLITE_NOTADB')) {
    return new StoreError(
      'NOT_REWIND_DATABASE',
      `${location} is not a SQLite database. Point --db at a Rewind database file or at a new path.`,
      {
        cause: err,
      },
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError('CANNOT_OPEN', `Cannot open the database ${location}: check that its folder exists and is writable.`, {
      cause: err,
    });
  }
  return err;
}
