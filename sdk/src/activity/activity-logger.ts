// `log` in activities (Temporal's `log` of `@temporalio/activity`): the worker's logger, each entry with the
// running activity's attributes. Never throws at the caller for a bad attribute: logging must not fail an activity.
import { Runtime, type Logger, type LogLevel, type LogMetadata } from '../worker/logger';
import type { ActivityInfo } from './activity-info';

/** The attributes Temporal's activity logger adds to each entry, from the attempt's info. */
export function activityLogAttributes(info: ActivityInfo): LogMetadata {
  return {
    sdkComponent: 'activity',
    isLocal: info.isLocal,
    attempt: info.attempt,
    namespace: info.namespace,
    taskToken: info.base64TaskToken,
    // The workflow's, when one started the activity (always, in Rewind).
    ...(info.inWorkflow
      ? { workflowId: info.workflowExecution?.workflowId, workflowRunId: info.workflowExecution?.runId, workflowType: info.workflowType }
      : {}),
    activityId: info.activityId,
    activityType: info.activityType,
    taskQueue: info.taskQueue,
  };
}

/**
 * A logger for one activity attempt: entries go to `target` if given, else to the process's worker logger
 * (`Runtime.install`, read when each entry is written), with the activity's attributes (the entry's own
 * `meta` wins over them).
 */
export function activityLogger(info: ActivityInfo, target?: Logger): Logger {
  const attributes = activityLogAttributes(info);
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void =>
    (target ?? Runtime.instance().logger).log(level, message, { ...attributes, ...meta });
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
