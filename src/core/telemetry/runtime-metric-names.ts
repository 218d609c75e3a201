/**
 * Metric names created by @opentelemetry/instrumentation-runtime-node (Node.js runtime
 * semantic conventions), listed so dashboards and alerts can be checked against them.
 *
 * @module
 */
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
