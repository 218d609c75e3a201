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

export type { EmittedMetric, MetricInstrumentType } from './emitted-metrics.js';
export { EMITTED_METRICS } from './emitted-metrics.js';
export {
  METRIC_NODEJS_EVENTLOOP_UTILIZATION,
  METRIC_NODEJS_EVENTLOOP_TIME,
  METRIC_NODEJS_EVENTLOOP_DELAY_MIN,
  METRIC_NODEJS_EVENTLOOP_DELAY_MAX,
  METRIC_NODEJS_EVENTLOOP_DELAY_MEAN,
  METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV,
  METRIC_NODEJS_EVENTLOOP_DELAY_P50,
  METRIC_NODEJS_EVENTLOOP_DELAY_P90,
  METRIC_NODEJS_EVENTLOOP_DELAY_P99,
  METRIC_V8JS_GC_DURATION,
  METRIC_V8JS_MEMORY_HEAP_USED,
  METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE,
  METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
  METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
  METRIC_V8JS_RESOURCE_ACTIVE,
} from './runtime-metric-names.js';
export {
  METRIC_HTTP_SERVER_REQUEST_DURATION,
  METRIC_APP_ERRORS,
  METRIC_APP_IDEMPOTENCY_REQUESTS,
  METRIC_APP_DEPENDENCY_DURATION,
  METRIC_APP_BREAKER_STATE,
  BREAKER_STATE_VALUE,
  METRIC_PROCESS_CPU_TIME,
  METRIC_PROCESS_MEMORY_USAGE,
} from './app-metric-names.js';
