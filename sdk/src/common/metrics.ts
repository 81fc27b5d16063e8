// Temporal's metrics API (MetricMeter and its instruments) with a meter that drops every value: Rewind's
// worker exports no metrics, so code written for Temporal's meters runs unchanged and measures nothing.

/** Makes metric instruments (Temporal's `MetricMeter`). */
export interface MetricMeter {
  /** A counter of non-negative integer increments. */
  createCounter(name: string, unit?: string, description?: string): MetricCounter;
  /** A histogram of recorded values (integers unless `valueType` is `'float'`). */
  createHistogram(name: string, valueType?: NumericMetricValueType, unit?: string, description?: string): MetricHistogram;
  /** A gauge: the last value set. */
  createGauge(name: string, valueType?: NumericMetricValueType, unit?: string, description?: string): MetricGauge;
  /** A counter that may go down (optional, as in Temporal). */
  createUpDownCounter?(name: string, unit?: string, description?: string): MetricUpDownCounter;
  /** The same meter with `tags` added to every value it records. */
  withTags(tags: MetricTags): MetricMeter;
}

/** What every instrument has. */
export interface Metric {
  name: string;
  unit?: string;
  description?: string;
  kind: MetricKind;
  valueType: NumericMetricValueType;
}

/** Tags (attributes) of a recorded value. */
export type MetricTags = Record<string, string | number | boolean>;

/** Whether an instrument records integers or floating-point numbers. */
export type NumericMetricValueType = 'int' | 'float';

/** The kinds of instrument. */
export type MetricKind = 'counter' | 'histogram' | 'gauge' | 'up-down-counter';

export interface MetricCounter extends Metric {
  /** Adds `value` (a non-negative integer). */
  add(value: number, extraTags?: MetricTags): void;
  withTags(tags: MetricTags): MetricCounter;
  kind: 'counter';
  valueType: 'int';
}

export interface MetricHistogram extends Metric {
  /** Records `value`. */
  record(value: number, extraTags?: MetricTags): void;
  withTags(tags: MetricTags): MetricHistogram;
  kind: 'histogram';
}

export interface MetricGauge extends Metric {
  /** Sets the gauge to `value`. */
  set(value: number, extraTags?: MetricTags): void;
  withTags(tags: MetricTags): MetricGauge;
  kind: 'gauge';
}

export interface MetricUpDownCounter extends Metric {
  /** Adds `value` (an integer, negative to go down). */
  add(value: number, extraTags?: MetricTags): void;
  withTags(tags: MetricTags): MetricUpDownCounter;
  kind: 'up-down-counter';
  valueType: 'int';
}

/** A meter whose instruments drop every value; every method is there (createUpDownCounter too), as in Temporal's. */
class NoopMetricMeter implements MetricMeter {
  createCounter(name: string, unit?: string, description?: string): MetricCounter {
    const counter: MetricCounter = {
      name,
      unit,
      description,
      kind: 'counter',
      valueType: 'int',
      add: () => undefined,
      withTags: () => counter,
    };
    return counter;
  }

  createHistogram(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricHistogram {
    const histogram: MetricHistogram = {
      name,
      unit,
      description,
      kind: 'histogram',
      valueType,
      record: () => undefined,
      withTags: () => histogram,
    };
    return histogram;
  }

  createGauge(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricGauge {
    const gauge: MetricGauge = { name, unit, description, kind: 'gauge', valueType, set: () => undefined, withTags: () => gauge };
    return gauge;
  }

  createUpDownCounter(name: string, unit?: string, description?: string): MetricUpDownCounter {
    const counter: MetricUpDownCounter = {
      name,
      unit,
      description,
      kind: 'up-down-counter',
      valueType: 'int',
      add: () => undefined,
      withTags: () => counter,
    };
    return counter;
  }

  withTags(_tags: MetricTags): MetricMeter {
    return this;
  }
}

/**
 * A meter whose instruments drop every value (Temporal's `noopMetricMeter`): what `Context.metricMeter`
 * and the `metricMeter` of workflows and activities are in Rewind, whose worker exports no metrics.
 * Instruments still carry their name, unit, description, kind and value type.
 */
export const noopMetricMeter = new NoopMetricMeter();
