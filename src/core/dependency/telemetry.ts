import { diag, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { SIGHTLINE_SCOPE, lazyHistogram, lazyInstrument } from '../telemetry/index.js';
import {
  BREAKER_STATE_VALUE,
  METRIC_APP_BREAKER_STATE,
  METRIC_APP_DEPENDENCY_DURATION,
} from '../telemetry/metric-names.js';
import type { BreakerState, DependencyLogger, DependencyOutcome } from './options.js';

/**
 * Span-event / metric attribute: the dependency name.
 *
 * @example
 * ```ts
 * span.addEvent('cache.miss', { [ATTR_APP_DEPENDENCY_NAME]: 'rates-api' });
 * ```
 */
export const ATTR_APP_DEPENDENCY_NAME = 'app.dependency.name';
/**
 * Metric attribute of `app.dependency.duration`: the call outcome (`DependencyOutcome`).
 *
 * @example
 * ```ts
 * const timeouts = point.attributes[ATTR_APP_DEPENDENCY_OUTCOME] === 'timeout';
 * ```
 */
export const ATTR_APP_DEPENDENCY_OUTCOME = 'app.dependency.outcome';
/**
 * Span-event / log attribute: the breaker state (`closed|half-open|open`).
 *
 * @example
 * ```ts
 * const opened = event.attributes?.[ATTR_APP_BREAKER_STATE] === 'open';
 * ```
 */
export const ATTR_APP_BREAKER_STATE = 'app.breaker.state';
/**
 * Span-event / log attribute: the breaker state before the change.
 *
 * @example
 * ```ts
 * const from = event.attributes?.[ATTR_APP_BREAKER_PREVIOUS_STATE]; // 'half-open'
 * ```
 */
export const ATTR_APP_BREAKER_PREVIOUS_STATE = 'app.breaker.previous_state';
/**
 * Span-event attribute: the number of the attempt about to start (2 = first retry).
 *
 * @example
 * ```ts
 * const attempt = event.attributes?.[ATTR_APP_DEPENDENCY_ATTEMPT]; // 2
 * ```
 */
export const ATTR_APP_DEPENDENCY_ATTEMPT = 'app.dependency.attempt';
/**
 * Span-event attribute: backoff delay before that attempt, in milliseconds.
 *
 * @example
 * ```ts
 * const delayMs = event.attributes?.[ATTR_APP_DEPENDENCY_RETRY_DELAY];
 * ```
 */
export const ATTR_APP_DEPENDENCY_RETRY_DELAY = 'app.dependency.retry.delay_ms';
/**
 * Span event on the caller's active span before each retry.
 *
 * @example
 * ```ts
 * const retries = span.events.filter((e) => e.name === EVENT_DEPENDENCY_RETRY).length;
 * ```
 */
export const EVENT_DEPENDENCY_RETRY = 'app.dependency.retry';
/**
 * Span event on the caller's active span on each breaker transition.
 *
 * @example
 * ```ts
 * const changes = span.events.filter((e) => e.name === EVENT_DEPENDENCY_BREAKER_STATE_CHANGE);
 * ```
 */
export const EVENT_DEPENDENCY_BREAKER_STATE_CHANGE = 'app.dependency.breaker_state_change';

const duration = lazyHistogram(SIGHTLINE_SCOPE, METRIC_APP_DEPENDENCY_DURATION, {
  unit: 's',
  description: 'Duration of calls to a dependency, by outcome.',
});

/**
 * What the breaker-state gauge reads at collection time.
 *
 * @example
 * ```ts
 * trackBreakerState({ name: 'payments', state: 'closed' } satisfies BreakerStateSource, true);
 * ```
 */
export interface BreakerStateSource {
  readonly name: string;
  readonly state: BreakerState;
}

const sources = new Set<BreakerStateSource>();

// metric-names.ts declares the state as a gauge: an observable gauge reads every live
// dependency at collection time, so the value is right even when nothing changed since the
// SDK started. Resolved lazily (per MeterProvider) like every Sightline instrument.
const gauge = lazyInstrument(SIGHTLINE_SCOPE, (meter) => {
  const instrument = meter.createObservableGauge(METRIC_APP_BREAKER_STATE, {
    unit: '{state}',
    description: 'Circuit-breaker state of a dependency: 0 closed, 1 half-open, 2 open.',
  });
  instrument.addCallback((result) => {
    for (const source of sources) {
      result.observe(BREAKER_STATE_VALUE[source.state], {
        [ATTR_APP_DEPENDENCY_NAME]: source.name,
      });
    }
  });
  return instrument;
});

/**
 * Makes sure the gauge exists on the current MeterProvider (cheap after the first time).
 *
 * @example
 * ```ts
 * ensureBreakerGauge(); // before each call: follows a MeterProvider registered late
 * ```
 */
export function ensureBreakerGauge(): void {
  guard('registering the breaker-state gauge', gauge);
}

/**
 * Adds a dependency to (or removes it from) what the gauge observes.
 *
 * @example
 * ```ts
 * trackBreakerState(dependency, false); // on dispose
 * ```
 */
export function trackBreakerState(source: BreakerStateSource, live: boolean): void {
  if (live) sources.add(source);
  else sources.delete(source);
  ensureBreakerGauge();
}

/**
 * Records one call's duration (seconds) by dependency and outcome.
 *
 * @example
 * ```ts
 * recordDuration('payments', performance.now() - 12, 'success');
 * ```
 */
export function recordDuration(name: string, startedMs: number, outcome: DependencyOutcome): void {
  duration.record((performance.now() - startedMs) / 1_000, {
    [ATTR_APP_DEPENDENCY_NAME]: name,
    [ATTR_APP_DEPENDENCY_OUTCOME]: outcome,
  });
}

/**
 * Adds an event to the caller's active span, if any. Never throws.
 *
 * @example
 * ```ts
 * addSpanEvent('app.dependency.retry', { 'app.dependency.name': 'payments' });
 * ```
 */
export function addSpanEvent(name: string, attributes: Attributes): void {
  guard(`adding span event ${name}`, () => trace.getActiveSpan()?.addEvent(name, attributes));
}

/**
 * Writes the state-change line: `warn` when the circuit opens, `info` otherwise, to the
 * given logger or to `diag` (which is silent unless a diag logger is set).
 *
 * @example
 * ```ts
 * logStateChange(logger, 'payments', 'closed', 'open'); // logger.warn(...)
 * ```
 */
export function logStateChange(
  logger: DependencyLogger | undefined,
  name: string,
  previous: BreakerState,
  state: BreakerState,
): void {
  const message = `dependency ${name}: circuit ${state} (was ${previous})`;
  const meta = {
    [ATTR_APP_DEPENDENCY_NAME]: name,
    [ATTR_APP_BREAKER_STATE]: state,
    [ATTR_APP_BREAKER_PREVIOUS_STATE]: previous,
  };
  guard('logging a breaker state change', () => {
    if (logger) {
      if (state === 'open') logger.warn(message, meta);
      else logger.info(message, meta);
    } else if (state === 'open') {
      diag.warn(`sightline: ${message}`, meta);
    } else {
      diag.info(`sightline: ${message}`, meta);
    }
  });
}

function guard(what: string, run: () => unknown): void {
  try {
    run();
  } catch (failure) {
    diag.warn(`sightline: ${what} failed`, failure);
  }
}
