// `metricMeter` in workflow code (Temporal's, of @temporalio/workflow): a meter that drops its values,
// since Rewind's worker exports no metrics. Deterministic: it records nothing, live or in a replay.
import { noopMetricMeter, type MetricMeter } from '../common/metrics';

/**
 * The workflow's metric meter (Temporal's `metricMeter`): instruments made from it take values and drop
 * them, as Rewind's worker exports no metrics, so workflow code written for Temporal's meters runs unchanged.
 */
export const metricMeter: MetricMeter = noopMetricMeter;
