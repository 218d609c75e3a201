/**
 * The single source of truth for every metric instrument a Sightline-instrumented service emits.
 *
 * Instruments created by Sightline itself (`app.*`, `process.*`) import their names from here;
 * instruments created by OpenTelemetry instrumentations (`http.*` from instrumentation-http,
 * `nodejs.*`/`v8js.*` from instrumentation-runtime-node) are listed so that dashboards, alerts and
 * the stack test (`test/stack/stack.test.ts`) can check every PromQL metric name against what is
 * really exported. Names follow the OpenTelemetry semantic conventions where one exists; custom
 * names live under `app.`.
 *
 * Units are UCUM as the OpenTelemetry conventions use them: `s` seconds, `By` bytes, `1` a ratio,
 * `{thing}` an annotation (a plain count). They decide the Prometheus suffix (`_seconds`,
 * `_bytes`, `_ratio`, none), so change a unit only together with the dashboards.
 *
 * @module
 */

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

// ---------------------------------------------------------------------------------------------
// HTTP (created by @opentelemetry/instrumentation-http; stable semconv)
// ---------------------------------------------------------------------------------------------

/**
 * Server request duration histogram (unit `s`) with `http.request.method`, `http.route`,
 * `http.response.status_code`, `url.scheme` and `error.type` on errors. Created by
 * instrumentation-http; Prometheus: `http_server_request_duration_seconds_bucket|_sum|_count`.
 *
 * @example
 * ```ts
 * import { METRIC_HTTP_SERVER_REQUEST_DURATION } from './metric-names.js';
 * const query = `rate(${METRIC_HTTP_SERVER_REQUEST_DURATION.replaceAll('.', '_')}_seconds_count[5m])`;
 * ```
 */
export const METRIC_HTTP_SERVER_REQUEST_DURATION = 'http.server.request.duration';

// ---------------------------------------------------------------------------------------------
// Sightline's own instruments
// ---------------------------------------------------------------------------------------------

/**
 * Counter of errors seen by the SDK (unit `{error}`), with `error.type`, `app.error.severity`
 * and `http.route`. Prometheus: `app_errors_total`.
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * import { METRIC_APP_ERRORS } from './metric-names.js';
 * const errors = metrics.getMeter('sightline').createCounter(METRIC_APP_ERRORS, { unit: '{error}' });
 * errors.add(1, { 'error.type': 'PAYMENT_DECLINED', 'app.error.severity': 'high' });
 * ```
 */
export const METRIC_APP_ERRORS = 'app.errors';

/**
 * Counter of requests that carried an idempotency key (unit `{request}`), with
 * `app.idempotency.outcome`. Prometheus: `app_idempotency_requests_total`.
 *
 * @example
 * ```ts
 * import { METRIC_APP_IDEMPOTENCY_REQUESTS } from './metric-names.js';
 * const requests = meter.createCounter(METRIC_APP_IDEMPOTENCY_REQUESTS, { unit: '{request}' });
 * requests.add(1, { 'app.idempotency.outcome': 'replayed' });
 * ```
 */
export const METRIC_APP_IDEMPOTENCY_REQUESTS = 'app.idempotency.requests';

/**
 * Histogram of outbound dependency call durations (unit `s`), with `app.dependency.name` and
 * `app.dependency.outcome`. Prometheus: `app_dependency_duration_seconds_bucket|_sum|_count`.
 *
 * @example
 * ```ts
 * import { METRIC_APP_DEPENDENCY_DURATION } from './metric-names.js';
 * const duration = meter.createHistogram(METRIC_APP_DEPENDENCY_DURATION, { unit: 's' });
 * duration.record(0.042, { 'app.dependency.name': 'payments', 'app.dependency.outcome': 'success' });
 * ```
 */
export const METRIC_APP_DEPENDENCY_DURATION = 'app.dependency.duration';

/**
 * Gauge of a dependency's circuit-breaker state (unit `{state}`): 0 closed, 1 half-open, 2 open,
 * with `app.dependency.name`. Prometheus: `app_breaker_state` (no suffix: the unit is an
 * annotation, and a unit of `1` would have added `_ratio`).
 *
 * @example
 * ```ts
 * import { METRIC_APP_BREAKER_STATE, BREAKER_STATE_VALUE } from './metric-names.js';
 * const state = meter.createObservableGauge(METRIC_APP_BREAKER_STATE, { unit: '{state}' });
 * state.addCallback((r) => r.observe(BREAKER_STATE_VALUE.open, { 'app.dependency.name': 'payments' }));
 * ```
 */
export const METRIC_APP_BREAKER_STATE = 'app.breaker.state';

/**
 * Numeric values of {@link METRIC_APP_BREAKER_STATE}; dashboards map them back to names.
 *
 * @example
 * ```ts
 * import { BREAKER_STATE_VALUE } from './metric-names.js';
 * const value = BREAKER_STATE_VALUE['half-open']; // 1
 * ```
 */
export const BREAKER_STATE_VALUE = Object.freeze({ closed: 0, 'half-open': 1, open: 2 } as const);

/**
 * CPU time of the process (unit `s`, counter), by `cpu.mode` (`user`, `system`).
 * Prometheus: `process_cpu_time_seconds_total`.
 *
 * @example
 * ```ts
 * import { METRIC_PROCESS_CPU_TIME } from './metric-names.js';
 * const cpu = meter.createObservableCounter(METRIC_PROCESS_CPU_TIME, { unit: 's' });
 * ```
 */
export const METRIC_PROCESS_CPU_TIME = 'process.cpu.time';

/**
 * Resident set size of the process (unit `By`; an observable up-down counter, as in the process
 * semantic conventions). Prometheus: `process_memory_usage_bytes`.
 *
 * @example
 * ```ts
 * import { METRIC_PROCESS_MEMORY_USAGE } from './metric-names.js';
 * const rss = meter.createObservableUpDownCounter(METRIC_PROCESS_MEMORY_USAGE, { unit: 'By' });
 * rss.addCallback((r) => r.observe(process.memoryUsage.rss()));
 * ```
 */
export const METRIC_PROCESS_MEMORY_USAGE = 'process.memory.usage';

// ---------------------------------------------------------------------------------------------
// Node.js runtime (created by @opentelemetry/instrumentation-runtime-node)
// ---------------------------------------------------------------------------------------------

/**
 * Event-loop utilization between two collections (unit `1`, gauge).
 * Prometheus: `nodejs_eventloop_utilization_ratio`.
 *
 * @example
 * ```ts
 * import { METRIC_NODEJS_EVENTLOOP_UTILIZATION } from './metric-names.js';
 * const promql = `avg(${METRIC_NODEJS_EVENTLOOP_UTILIZATION.replaceAll('.', '_')}_ratio)`;
 * ```
 */
export const METRIC_NODEJS_EVENTLOOP_UTILIZATION = 'nodejs.eventloop.utilization';

/**
 * Cumulative time the event loop spent per state (unit `s`, counter), by `nodejs.eventloop.state`.
 * Prometheus: `nodejs_eventloop_time_seconds_total`.
 *
 * @example
 * ```ts
 * import { METRIC_NODEJS_EVENTLOOP_TIME } from './metric-names.js';
 * const name = METRIC_NODEJS_EVENTLOOP_TIME; // 'nodejs.eventloop.time'
 * ```
 */
export const METRIC_NODEJS_EVENTLOOP_TIME = 'nodejs.eventloop.time';

/**
 * Minimum event-loop delay since the last collection (unit `s`, gauge).
 * Prometheus: `nodejs_eventloop_delay_min_seconds`.
 *
 * @example
 * ```ts
 * import { METRIC_NODEJS_EVENTLOOP_DELAY_MIN } from './metric-names.js';
 * const name = METRIC_NODEJS_EVENTLOOP_DELAY_MIN; // 'nodejs.eventloop.delay.min'
 * ```
 */
export const METRIC_NODEJS_EVENTLOOP_DELAY_MIN = 'nodejs.eventloop.delay.min';

/**
 * Maximum event-loop delay since the last collection (unit `s`, gauge).
 * Prometheus: `nodejs_eventloop_delay_max_seconds`.
 *
 * @example
 * ```ts
 * import { METRIC_NODEJS_EVENTLOOP_DELAY_MAX } from './metric-names.js';
 * const name = METRIC_NODEJS_EVENTLOOP_DELAY_MAX; // 'nodejs.eventloop.delay.max'
 * ```
 */
export const METRIC_NODEJS_EVENTLOOP_DELAY_MAX = 'nodejs.eventloop.delay.max';

/**
 * Mean event-loop delay since the last collection (unit `s`, gauge).
 * Prometheus: `nodejs_eventloop_delay_mean_seconds`.
 *
 * @example
 * ```ts
 * import { METRIC_NODEJS_EVENTLOOP_DELAY_MEAN } from './metric-names.js';
 * const name = METRIC_NODEJS_EVENTLOOP_DELAY_MEAN; // 'nodejs.eventloop.delay.mean'
 * ```
 */
export const METRIC_NODEJS_EVENTLOOP_DELAY_MEAN = 'nodejs.eventloop.delay.mean';

/**
 * Standard deviation of the event-loop delay since the last collection (unit `s`, gauge).
 * Prometheus: `nodejs_eventloop_delay_stddev_seconds`.
 *
 * @example
 * ```ts
 * import { METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV } from './metric-names.js';
 * const name = METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV; // 'nodejs.eventloop.delay.stddev'
 * ```
 */
export const METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV = 'nodejs.eventloop.delay.stddev';

/**
 * Median event-loop delay since the last collection (unit `s`, gauge).
 * Prometheus: `nodejs_eventloop_delay_p50_seconds`.
 *
 * @example
 * ```ts
 * import { METRIC_NODEJS_EVENTLOOP_DELAY_P50 } from './metric-names.js';
 * const name = METRIC_NODEJS_EVENTLOOP_DELAY_P50; // 'nodejs.eventloop.delay.p50'
 * ```
 */
export const METRIC_NODEJS_EVENTLOOP_DELAY_P50 = 'nodejs.eventloop.delay.p50';

/**
 * 90th percentile of the event-loop delay since the last collection (unit `s`, gauge).
 * Prometheus: `nodejs_eventloop_delay_p90_seconds`.
 *
 * @example
 * ```ts
 * import { METRIC_NODEJS_EVENTLOOP_DELAY_P90 } from './metric-names.js';
 * const name = METRIC_NODEJS_EVENTLOOP_DELAY_P90; // 'nodejs.eventloop.delay.p90'
 * ```
 */
export const METRIC_NODEJS_EVENTLOOP_DELAY_P90 = 'nodejs.eventloop.delay.p90';

/**
 * 99th percentile of the event-loop delay since the last collection (unit `s`, gauge).
 * Prometheus: `nodejs_eventloop_delay_p99_seconds`.
 *
 * @example
 * ```ts
 * import { METRIC_NODEJS_EVENTLOOP_DELAY_P99 } from './metric-names.js';
 * const name = METRIC_NODEJS_EVENTLOOP_DELAY_P99; // 'nodejs.eventloop.delay.p99'
 * ```
 */
export const METRIC_NODEJS_EVENTLOOP_DELAY_P99 = 'nodejs.eventloop.delay.p99';

/**
 * Garbage-collection pause durations (unit `s`, histogram), by `v8js.gc.type`.
 * Prometheus: `v8js_gc_duration_seconds_bucket|_sum|_count`.
 *
 * @example
 * ```ts
 * import { METRIC_V8JS_GC_DURATION } from './metric-names.js';
 * const name = METRIC_V8JS_GC_DURATION; // 'v8js.gc.duration'
 * ```
 */
export const METRIC_V8JS_GC_DURATION = 'v8js.gc.duration';

/**
 * Heap memory in use per V8 heap space (unit `By`, gauge), by `v8js.heap.space.name`.
 * Prometheus: `v8js_memory_heap_used_bytes`.
 *
 * @example
 * ```ts
 * import { METRIC_V8JS_MEMORY_HEAP_USED } from './metric-names.js';
 * const name = METRIC_V8JS_MEMORY_HEAP_USED; // 'v8js.memory.heap.used'
 * ```
 */
export const METRIC_V8JS_MEMORY_HEAP_USED = 'v8js.memory.heap.used';

/**
 * Heap size reserved per V8 heap space (unit `By`, up-down counter), by `v8js.heap.space.name`.
 * Prometheus: `v8js_memory_heap_space_size_bytes`.
 *
 * @example
 * ```ts
 * import { METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE } from './metric-names.js';
 * const name = METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE; // 'v8js.memory.heap.space.size'
 * ```
 */
export const METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE = 'v8js.memory.heap.space.size';

/**
 * Heap space still available per V8 heap space (unit `By`, gauge).
 * Prometheus: `v8js_memory_heap_space_available_size_bytes`.
 *
 * @example
 * ```ts
 * import { METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE } from './metric-names.js';
 * const name = METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE;
 * ```
 */
export const METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE = 'v8js.memory.heap.space.available_size';

/**
 * Committed (physical) size per V8 heap space (unit `By`, gauge).
 * Prometheus: `v8js_memory_heap_space_physical_size_bytes`.
 *
 * @example
 * ```ts
 * import { METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE } from './metric-names.js';
 * const name = METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE;
 * ```
 */
export const METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE = 'v8js.memory.heap.space.physical_size';

/**
 * Active libuv resources keeping the event loop alive (unit `{resource}`, gauge), by
 * `v8js.resource.type`. Prometheus: `v8js_resource_active`.
 *
 * @example
 * ```ts
 * import { METRIC_V8JS_RESOURCE_ACTIVE } from './metric-names.js';
 * const name = METRIC_V8JS_RESOURCE_ACTIVE; // 'v8js.resource.active'
 * ```
 */
export const METRIC_V8JS_RESOURCE_ACTIVE = 'v8js.resource.active';

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
  metric(METRIC_NODEJS_EVENTLOOP_UTILIZATION, '1', 'gauge', RUNTIME, 'Event loop utilization.'),
  metric(METRIC_NODEJS_EVENTLOOP_TIME, 's', 'counter', RUNTIME, 'Event loop time by state.'),
  delay(METRIC_NODEJS_EVENTLOOP_DELAY_MIN, 'minimum'),
  delay(METRIC_NODEJS_EVENTLOOP_DELAY_MAX, 'maximum'),
  delay(METRIC_NODEJS_EVENTLOOP_DELAY_MEAN, 'mean'),
  delay(METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV, 'standard deviation of the'),
  delay(METRIC_NODEJS_EVENTLOOP_DELAY_P50, '50th percentile'),
  delay(METRIC_NODEJS_EVENTLOOP_DELAY_P90, '90th percentile'),
  delay(METRIC_NODEJS_EVENTLOOP_DELAY_P99, '99th percentile'),
  metric(METRIC_V8JS_GC_DURATION, 's', 'histogram', RUNTIME, 'Garbage collection duration.'),
  metric(METRIC_V8JS_MEMORY_HEAP_USED, 'By', 'gauge', RUNTIME, 'Heap memory used per space.'),
  metric(
    METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE,
    'By',
    'updowncounter',
    RUNTIME,
    'Heap memory reserved per space.',
  ),
  metric(
    METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
    'By',
    'gauge',
    RUNTIME,
    'Heap space available size.',
  ),
  metric(
    METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
    'By',
    'gauge',
    RUNTIME,
    'Committed size of a heap space.',
  ),
  metric(METRIC_V8JS_RESOURCE_ACTIVE, '{resource}', 'gauge', RUNTIME, 'Active libuv resources.'),
]);
