// @rewind/devserver as a library: start a server in-process (the testing environment does).
export { RewindServer, type ServerOptions, type TimeSkippingControls } from './server';
export { DEFAULT_RUN_LIMITS, type RunLimits } from './engine/limits';
export { consoleLogger, silentLogger, type Logger, type LogLevel } from './service/logger';
export type { Clock, TimerHandle } from './service/time/clock';
export { rewindTemporalServer } from './temporal-executable';
