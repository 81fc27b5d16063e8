// @rewind/devserver as a library: start a server in-process (the testing environment does).
export { RewindServer, type ServerOptions, type TimeSkippingControls } from './server';
export { consoleLogger, silentLogger, type Logger, type LogLevel } from './service/logger';
export type { Clock, TimerHandle } from './service/clock';
