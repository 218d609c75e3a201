import { SpanKind, type Attributes, type Context, type Link } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace-base';
import type { SamplerName } from './options.js';
import { ATTR_URL_PATH } from './semconv.js';

/**
 * Builds one of the standard samplers named by `OTEL_TRACES_SAMPLER`.
 *
 * @example
 * ```ts
 * const sampler = createStandardSampler('parentbased_traceidratio', 0.1);
 * ```
 */
export function createStandardSampler(name: SamplerName, ratio: number): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * Wraps a sampler so SERVER spans for the given paths (health checks) are never sampled.
 * The span context still propagates; only recording is skipped (Splunk's `rules` sampler idea).
 *
 * @example
 * ```ts
 * const sampler = new UnsampledPathsSampler(createStandardSampler('always_on', 1), ['/healthz']);
 * ```
 */
export class UnsampledPathsSampler implements Sampler {
  private readonly _paths: ReadonlySet<string>;

  constructor(
    private readonly _delegate: Sampler,
    paths: readonly string[],
  ) {
    this._paths = new Set(paths);
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (spanKind === SpanKind.SERVER && this._paths.has(String(attributes[ATTR_URL_PATH]))) {
      return { decision: SamplingDecision.NOT_RECORD };
    }
    return this._delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `UnsampledPathsSampler{${this._delegate.toString()}}`;
  }
}
