import {
  METRIC_HTTP_SERVER_REQUEST_DURATION,
  METRIC_APP_ERRORS,
  METRIC_APP_IDEMPOTENCY_REQUESTS,
  METRIC_APP_DEPENDENCY_DURATION,
  METRIC_APP_BREAKER_STATE,
  METRIC_PROCESS_CPU_TIME,
  METRIC_PROCESS_MEMORY_USAGE,
} from './app-metric-names.js';
import * as runtime from './runtime-metric-names.js';

/** The kind of instrument, which decides the Prometheus suffix (`_total`, `_bucket`, ...). */
export type MetricInstrumentType = 'counter' | 'histogram' | 'gauge' | 'updowncounter';

/** One emitted metric: OpenTelemetry name, UCUM unit and instrument type. */
export interface EmittedMetric {
  /** OpenTelemetry instrument name, e.g. `http.server.request.duration`. */
  readonly name: string;
  /** UCUM unit, e.g. `s`, `By`, `1`, `{error}`. */
  readonly unit: string;
  /** Instrument type (observable instruments are listed as their synchronous counterpart). */
  readonly type: MetricInstrumentType;
  /** Where the instrument is created. */
  readonly source: 'sightline' | 'instrumentation-http' | 'instrumentation-runtime-node';
  /** Short description, suitable for the instrument's `description` option. */
  readonly description: string;
}
const metric = (
  name: string,
  unit: string,
  type: MetricInstrumentType,
  source: EmittedMetric['source'],
  description: string,
): EmittedMetric => Object.freeze({ name, unit, type, source, description });

const RUNTIME = 'instrumentation-runtime-node';
const delay = (name: string, what: string): EmittedMetric =>
  metric(name, 's', 'gauge', RUNTIME, `Event loop ${what} delay.`);

/**
 * Every metric a Sightline-instrumented service emits, frozen. Dashboards may only query the
 * Prometheus translations of these names (checked by `test/stack/stack.test.ts`).
 *
 * @example
 * ```ts
 * import { EMITTED_METRICS, METRIC_APP_ERRORS } from './metric-names.js';
 * const spec = EMITTED_METRICS.find((m) => m.name === METRIC_APP_ERRORS);
 * // spec?.unit === '{error}', spec?.type === 'counter'
 * ```
 */
export const EMITTED_METRICS: readonly EmittedMetric[] = Object.freeze([
  metric(
    METRIC_HTTP_SERVER_REQUEST_DURATION,
    's',
    'histogram',
    'instrumentation-http',
    'Duration of HTTP server requests.',
  ),
  metric(METRIC_APP_ERRORS, '{error}', 'counter', 'sightline', 'Errors seen by the SDK.'),
  metric(
    METRIC_APP_IDEMPOTENCY_REQUESTS,
    '{request}',
    'counter',
    'sightline',
    'Requests carrying an idempotency key, by outcome.',
  ),
  metric(
    METRIC_APP_DEPENDENCY_DURATION,
    's',
    'histogram',
    'sightline',
    'Duration of calls to a dependency, by outcome.',
  ),
  metric(
    METRIC_APP_BREAKER_STATE,
    '{state}',
    'gauge',
    'sightline',
    'Circuit-breaker state of a dependency: 0 closed, 1 half-open, 2 open.',
  ),
  metric(METRIC_PROCESS_CPU_TIME, 's', 'counter', 'sightline', 'CPU time used by the process.'),
  metric(
    METRIC_PROCESS_MEMORY_USAGE,
    'By',
    'updowncounter',
    'sightline',
    'Resident set size of the process.',
  ),
  metric(
    runtime.METRIC_NODEJS_EVENTLOOP_UTILIZATION,
    '1',
    'gauge',
    RUNTIME,
    'Event loop utilization.',
  ),
  metric(
    runtime.METRIC_NODEJS_EVENTLOOP_TIME,
    's',
    'counter',
    RUNTIME,
    'Event loop time by state.',
  ),
  delay(runtime.METRIC_NODEJS_EVENTLOOP_DELAY_MIN, 'minimum'),
  delay(runtime.METRIC_NODEJS_EVENTLOOP_DELAY_MAX, 'maximum'),
  delay(runtime.METRIC_NODEJS_EVENTLOOP_DELAY_MEAN, 'mean'),
  delay(runtime.METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV, 'standard deviation of the'),
  delay(runtime.METRIC_NODEJS_EVENTLOOP_DELAY_P50, '50th percentile'),
  delay(runtime.METRIC_NODEJS_EVENTLOOP_DELAY_P90, '90th percentile'),
  delay(runtime.METRIC_NODEJS_EVENTLOOP_DELAY_P99, '99th percentile'),
  metric(
    runtime.METRIC_V8JS_GC_DURATION,
    's',
    'histogram',
    RUNTIME,
    'Garbage collection duration.',
  ),
  metric(
    runtime.METRIC_V8JS_MEMORY_HEAP_USED,
    'By',
    'gauge',
    RUNTIME,
    'Heap memory used per space.',
  ),
  metric(
    runtime.METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE,
    'By',
    'updowncounter',
    RUNTIME,
    'Heap memory reserved per space.',
  ),
  metric(
    runtime.METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
    'By',
    'gauge',
    RUNTIME,
    'Heap space available size.',
  ),
  metric(
    runtime.METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
    'By',
    'gauge',
    RUNTIME,
    'Committed size of a heap space.',
  ),
  metric(
    runtime.METRIC_V8JS_RESOURCE_ACTIVE,
    '{resource}',
    'gauge',
    RUNTIME,
    'Active libuv resources.',
  ),
]);
