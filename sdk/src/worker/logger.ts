// The worker's logger and Runtime (Temporal's names): one line per entry on stderr, with attributes.
import type { RefusedMember } from '../common/refused-members';

/** How much a log entry matters, least first (Temporal's levels). */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Attributes of a log entry (the task queue, the workflow id, …), written as JSON after the message. */
export type LogMetadata = Record<string, unknown>;

/**
 * Where workers write what they do (Temporal's `Logger` interface): give one to {@link Runtime.install}
 * to send the worker's log to your own logging library.
 */
export interface Logger {
  /** Writes an entry at `level`. */
  log(level: LogLevel, message: string, meta?: LogMetadata): void;
  trace(message: string, meta?: LogMetadata): void;
  debug(message: string, meta?: LogMetadata): void;
  info(message: string, meta?: LogMetadata): void;
  warn(message: string, meta?: LogMetadata): void;
  error(message: string, meta?: LogMetadata): void;
}

/** One entry a {@link DefaultLogger} writes, as its log function gets it (Temporal's `LogEntry`). */
export interface LogEntry {
  message: string;
  level: LogLevel;
  /** When it was logged, in nanoseconds since the epoch (millisecond precision). */
  timestampNanos: bigint;
  /** Its attributes, if any. */
  meta?: LogMetadata;
}

const ORDER: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/** The default log function's line: `<ISO time> [LEVEL] message {"attributes":…}`. */
function writeToStderr(entry: LogEntry): void {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const attrs = entry.meta && Object.keys(entry.meta).length > 0 ? ` ${JSON.stringify(entry.meta)}` : '';
  process.stderr.write(`${time} [${entry.level}] ${entry.message}${attrs}\n`);
}

/**
 * The logger workers use unless {@link Runtime.install} gives another: each entry at `level` or above goes to
 * the log function, by default one line on stderr, `<ISO time> [LEVEL] message {"attributes":…}`.
 */
export class DefaultLogger implements Logger {
  /**
   * @param level the least level written; the default runtime's logger takes it from `REWIND_LOG_LEVEL`.
   * @param logFunction what gets each entry (as Temporal's; default: a line on stderr).
   */
  constructor(
    readonly level: LogLevel = 'INFO',
    private readonly logFunction: (entry: LogEntry) => void = writeToStderr,
  ) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (ORDER[level] < ORDER[this.level]) return;
    this.logFunction({ level, message, timestampNanos: BigInt(Date.now()) * 1_000_000n, ...(meta === undefined ? {} : { meta }) });
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

/** What {@link Runtime.install} sets for the process's workers. */
export interface RuntimeOptions {
  /**
   * The workers' logger.
   *
   * @default a {@link DefaultLogger} on stderr at the level of `REWIND_LOG_LEVEL` (`trace` … `error`), else `INFO`
   */
  logger?: Logger;
  /**
   * Signals that shut every running worker down gracefully (as {@link Worker.shutdown} does); a second
   * signal more than half a second later exits the process at once (code 130).
   *
   * @default ['SIGINT', 'SIGTERM']
   */
  shutdownSignals?: NodeJS.Signals[];
}

/**
 * The process-wide settings of workers, as Temporal's `Runtime`: the logger, and the signals that shut
 * workers down (Ctrl-C). Workers read it when they are created; without {@link Runtime.install}, the
 * defaults of {@link RuntimeOptions} apply.
 */
export class Runtime {
  // Temporal's members that Rewind does not have, refused with why and what to use (common/refused-members.ts).
  /** @deprecated Runtime.native (Temporal's) is not in Rewind: see the type's text. */
  declare readonly native: RefusedMember<'Runtime.native', 'rustCore'>;
  /** @deprecated Runtime.options (Temporal's) is not in Rewind: see the type's text. */
  declare readonly options: RefusedMember<'Runtime.options', 'rustCore'>;
  /** @deprecated Runtime.metricMeter (Temporal's) is not in Rewind: see the type's text. */
  declare readonly metricMeter: RefusedMember<'Runtime.metricMeter', 'rustCore'>;
  /** @deprecated Runtime.metricsBuffer (Temporal's) is not in Rewind: see the type's text. */
  declare readonly metricsBuffer: RefusedMember<'Runtime.metricsBuffer', 'rustCore'>;
  /** @deprecated Runtime.flushLogs (Temporal's) is not in Rewind: see the type's text. */
  declare readonly flushLogs: RefusedMember<'Runtime.flushLogs', 'rustCore'>;
  /** @deprecated Runtime.createNativeClient (Temporal's) is not in Rewind: see the type's text. */
  declare readonly createNativeClient: RefusedMember<'Runtime.createNativeClient', 'rustCore'>;
  /** @deprecated Runtime.closeNativeClient (Temporal's) is not in Rewind: see the type's text. */
  declare readonly closeNativeClient: RefusedMember<'Runtime.closeNativeClient', 'rustCore'>;
  /** @deprecated Runtime.registerWorker (Temporal's) is not in Rewind: see the type's text. */
  declare readonly registerWorker: RefusedMember<'Runtime.registerWorker', 'rustCore'>;
  /** @deprecated Runtime.createReplayWorker (Temporal's) is not in Rewind: see the type's text. */
  declare readonly createReplayWorker: RefusedMember<'Runtime.createReplayWorker', 'rustCore'>;
  /** @deprecated Runtime.pushHistory (Temporal's) is not in Rewind: see the type's text. */
  declare readonly pushHistory: RefusedMember<'Runtime.pushHistory', 'rustCore'>;
  /** @deprecated Runtime.closeHistoryStream (Temporal's) is not in Rewind: see the type's text. */
  declare readonly closeHistoryStream: RefusedMember<'Runtime.closeHistoryStream', 'rustCore'>;
  /** @deprecated Runtime.deregisterWorker (Temporal's) is not in Rewind: see the type's text. */
  declare readonly deregisterWorker: RefusedMember<'Runtime.deregisterWorker', 'rustCore'>;
  /** @deprecated Runtime.createEphemeralServer (Temporal's) is not in Rewind: see the type's text. */
  declare readonly createEphemeralServer: RefusedMember<'Runtime.createEphemeralServer', 'rustCore'>;
  /** @deprecated Runtime.shutdownEphemeralServer (Temporal's) is not in Rewind: see the type's text. */
  declare readonly shutdownEphemeralServer: RefusedMember<'Runtime.shutdownEphemeralServer', 'rustCore'>;
  /** @deprecated Runtime.shutdown (Temporal's) is not in Rewind: see the type's text. */
  declare readonly shutdown: RefusedMember<'Runtime.shutdown', 'rustCore'>;
  /** @deprecated Runtime.registerShutdownSignalCallback (Temporal's) is not in Rewind: see the type's text. */
  declare readonly registerShutdownSignalCallback: RefusedMember<'Runtime.registerShutdownSignalCallback', 'rustCore'>;
  /** @deprecated Runtime.deregisterShutdownSignalCallback (Temporal's) is not in Rewind: see the type's text. */
  declare readonly deregisterShutdownSignalCallback: RefusedMember<'Runtime.deregisterShutdownSignalCallback', 'rustCore'>;
  /** @deprecated Runtime._instance (Temporal's) is not in Rewind: see the type's text. */
  declare static readonly _instance: RefusedMember<'Runtime._instance', 'rustCore'>;
  /** @deprecated Runtime.instantiator (Temporal's) is not in Rewind: see the type's text. */
  declare static readonly instantiator: RefusedMember<'Runtime.instantiator', 'rustCore'>;
  /** @deprecated Runtime.defaultOptions (Temporal's) is not in Rewind: see the type's text. */
  declare static readonly defaultOptions: RefusedMember<'Runtime.defaultOptions', 'rustCore'>;

  private static current: Runtime | undefined;
  /** The logger of the process's workers. */
  readonly logger: Logger;
  private readonly shutdownSignals: NodeJS.Signals[];
  private readonly stoppers = new Set<() => void>();
  private signalsInstalled = false;

  private constructor(options: RuntimeOptions) {
    const level = (process.env.REWIND_LOG_LEVEL?.toUpperCase() as LogLevel | undefined) ?? 'INFO';
    this.logger = options.logger ?? new DefaultLogger(ORDER[level] !== undefined ? level : 'INFO');
    this.shutdownSignals = options.shutdownSignals ?? ['SIGINT', 'SIGTERM'];
  }

  /**
   * Sets the runtime of this process. Call it before `Worker.create`: a worker keeps the logger of the
   * runtime it was created under. Unlike Temporal's, calling it again replaces the runtime (a test may).
   */
  static install(options: RuntimeOptions): Runtime {
    Runtime.current = new Runtime(options);
    return Runtime.current;
  }

  /** The runtime of this process: the one installed, else one with the defaults (made on first use). */
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
