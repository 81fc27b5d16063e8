// The worker's logger and Runtime (Temporal's names): one line per entry on stderr, with attributes.

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export type LogMetadata = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, message: string, meta?: LogMetadata): void;
  trace(message: string, meta?: LogMetadata): void;
  debug(message: string, meta?: LogMetadata): void;
  info(message: string, meta?: LogMetadata): void;
  warn(message: string, meta?: LogMetadata): void;
  error(message: string, meta?: LogMetadata): void;
}

const ORDER: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

export class DefaultLogger implements Logger {
  constructor(
    readonly level: LogLevel = 'INFO',
    private readonly write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  ) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const attrs = meta && Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
    this.write(`${new Date().toISOString()} [${level}] ${message}${attrs}`);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

export interface RuntimeOptions {
  logger?: Logger;
  /** Signals that shut down every running worker. Default SIGINT, SIGTERM. */
  shutdownSignals?: NodeJS.Signals[];
}

/** Process-wide settings of workers: the logger, and shutting down on Ctrl-C. */
export class Runtime {
  private static current: Runtime | undefined;
  readonly logger: Logger;
  private readonly shutdownSignals: NodeJS.Signals[];
  private readonly stoppers = new Set<() => void>();
  private signalsInstalled = false;

  private constructor(options: RuntimeOptions) {
    const level = (process.env.REWIND_LOG_LEVEL?.toUpperCase() as LogLevel | undefined) ?? 'INFO';
    this.logger = options.logger ?? new DefaultLogger(ORDER[level] !== undefined ? level : 'INFO');
    this.shutdownSignals = options.shutdownSignals ?? ['SIGINT', 'SIGTERM'];
  }

  static install(options: RuntimeOptions): Runtime {
    Runtime.current = new Runtime(options);
    return Runtime.current;
  }

  static instance(): Runtime {
    Runtime.current ??= new Runtime({});
    return Runtime.current;
  }

  /** Registers a running worker's shutdown; signals stop every registered worker (a second one exits). */
  registerShutdown(stop: () => void): () => void {
    this.stoppers.add(stop);
    if (!this.signalsInstalled) {
      this.signalsInstalled = true;
      let firstAt = 0;
      for (const signal of this.shutdownSignals) {
        process.on(signal, () => {
          // A second signal exits at once; one within half a second is the same Ctrl-C sent twice
          // (by the terminal to the process group, and by a parent such as `npm start`).
          if (firstAt && Date.now() - firstAt > 500) process.exit(130);
          if (firstAt) return;
          firstAt = Date.now();
          this.logger.info(`Received ${signal}: shutting down workers (again to exit at once)`);
          for (const fn of [...this.stoppers]) fn();
        });
      }
    }
    return () => this.stoppers.delete(stop);
  }
}
