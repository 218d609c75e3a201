import { diag, metrics } from '@opentelemetry/api';
import type { Attributes, Context, Meter, MeterProvider, MetricOptions } from '@opentelemetry/api';

/**
 * A counter that resolves its real instrument on use (see `lazyCounter`).
 *
 * @example
 * ```ts
 * const requests: LazyCounter = lazyCounter('sightline', 'app.requests');
 * ```
 */
export interface LazyCounter {
  add(value: number, attributes?: Attributes, context?: Context): void;
}

/**
 * An up-down counter that resolves its real instrument on use (see `lazyUpDownCounter`).
 *
 * @example
 * ```ts
 * const inFlight: LazyUpDownCounter = lazyUpDownCounter('sightline', 'app.in_flight');
 * ```
 */
export interface LazyUpDownCounter {
  add(value: number, attributes?: Attributes, context?: Context): void;
}

/**
 * A histogram that resolves its real instrument on use (see `lazyHistogram`).
 *
 * @example
 * ```ts
 * const latency: LazyHistogram = lazyHistogram('sightline', 'app.latency', { unit: 's' });
 * ```
 */
export interface LazyHistogram {
  record(value: number, attributes?: Attributes, context?: Context): void;
}

/**
 * Returns a function giving the instrument for the *current* global MeterProvider, creating
 * it once per provider. The metrics API has no proxy provider: an instrument created before
 * the SDK registers its MeterProvider stays a no-op forever, so instruments are resolved at
 * use time, and again whenever the global provider object changes.
 *
 * @example
 * ```ts
 * const gauge = lazyInstrument('sightline', (meter) => meter.createGauge('app.queue.depth'));
 * gauge().record(3);
 * ```
 */
export function lazyInstrument<T>(meterName: string, create: (meter: Meter) => T): () => T {
  const byProvider = new WeakMap<MeterProvider, T>();
  let lastProvider: MeterProvider | undefined;
  let lastInstrument: T | undefined;
  return function resolveInstrument(): T {
    const provider = metrics.getMeterProvider();
    if (provider === lastProvider && lastInstrument !== undefined) return lastInstrument;
    let instrument = byProvider.get(provider);
    if (instrument === undefined) {
      instrument = create(provider.getMeter(meterName));
      byProvider.set(provider, instrument);
    }
    lastProvider = provider;
    lastInstrument = instrument;
    return instrument;
  };
}

/**
 * A monotonic counter created lazily on the current global MeterProvider. Safe to create
 * at module load, before the SDK starts; `add` never throws.
 *
 * @example
 * ```ts
 * const jobs = lazyCounter('sightline', 'app.jobs', { unit: '{job}', description: 'Jobs run' });
 * jobs.add(1, { 'app.job.kind': 'email' });
 * ```
 */
export function lazyCounter(meterName: string, name: string, options?: MetricOptions): LazyCounter {
  const resolve = lazyInstrument(meterName, (meter) => meter.createCounter(name, options));
  return {
    add(value, attributes, context) {
      guarded(name, () => resolve().add(value, attributes, context));
    },
  };
}

/**
 * An up-down counter created lazily on the current global MeterProvider; `add` never throws.
 *
 * @example
 * ```ts
 * const inFlight = lazyUpDownCounter('sightline', 'app.requests.in_flight', { unit: '{request}' });
 * inFlight.add(1);
 * inFlight.add(-1);
 * ```
 */
export function lazyUpDownCounter(
  meterName: string,
  name: string,
  options?: MetricOptions,
): LazyUpDownCounter {
  const resolve = lazyInstrument(meterName, (meter) => meter.createUpDownCounter(name, options));
  return {
    add(value, attributes, context) {
      guarded(name, () => resolve().add(value, attributes, context));
    },
  };
}

/**
 * A histogram created lazily on the current global MeterProvider; `record` never throws.
 *
 * @example
 * ```ts
 * const duration = lazyHistogram('sightline', 'app.idempotency.lookup.duration', { unit: 's' });
 * duration.record(0.004, { 'app.idempotency.store': 'redis' });
 * ```
 */
export function lazyHistogram(
  meterName: string,
  name: string,
  options?: MetricOptions,
): LazyHistogram {
  const resolve = lazyInstrument(meterName, (meter) => meter.createHistogram(name, options));
  return {
    record(value, attributes, context) {
      guarded(name, () => resolve().record(value, attributes, context));
    },
  };
}

function guarded(name: string, use: () => void): void {
  try {
    use();
  } catch (failure) {
    diag.warn(`sightline: recording metric ${name} failed`, failure);
  }
}
