// The server's log: one line per message on stderr, quiet in tests.
import { format } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function consoleLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const at = ORDER[level];
  const line = (lvl: LogLevel, message: string): void => {
    if (ORDER[lvl] >= at) write(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} ${message}`);
  };
  return {
    debug: (m) => line('debug', m),
    info: (m) => line('info', m),
    warn: (m) => line('warn', m),
    // A thrown value that is not an Error is shown as util.format's %s does (an object inspected, not "[object Object]").
    error: (m, err) =>
      line('error', err instanceof Error ? `${m}: ${err.stack ?? err.message}` : err !== undefined ? format('%s: %s', m, err) : m),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
