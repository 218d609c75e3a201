/**
 * Names of the metric instruments Sightline creates itself (`app.*`, `process.*`) and of the
 * HTTP server duration it records in own-span mode.
 *
 * @module
 */
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
