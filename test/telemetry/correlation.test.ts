import { context, INVALID_SPAN_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { getCorrelation } from '../../src/core/telemetry/correlation.js';

const ctxWith = (spanContext: Parameters<typeof trace.wrapSpanContext>[0]) =>
  trace.setSpanContext(context.active(), spanContext);

describe('getCorrelation', () => {
  const sampled = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
  };

  it('reads the ids of the span in the given context, in W3C hex form', () => {
    expect(getCorrelation(ctxWith(sampled))).toEqual({
      traceId: sampled.traceId,
      spanId: sampled.spanId,
      traceFlags: '01',
    });
    expect(getCorrelation(context.active())).toBeUndefined();
  });

  // The validity of the last span context is remembered: a different one must still be checked.
  it('answers each span context for itself, whatever was asked before', () => {
    const valid = ctxWith(sampled);
    const invalid = ctxWith(INVALID_SPAN_CONTEXT);
    const malformed = ctxWith({ ...sampled, traceId: 'not-a-trace-id' });
    const other = ctxWith({ ...sampled, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.NONE });
    for (let round = 0; round < 2; round++) {
      expect(getCorrelation(valid)?.spanId).toBe(sampled.spanId);
      expect(getCorrelation(invalid)).toBeUndefined();
      expect(getCorrelation(valid)?.traceId).toBe(sampled.traceId);
      expect(getCorrelation(malformed)).toBeUndefined();
      expect(getCorrelation(other)).toEqual({
        traceId: sampled.traceId,
        spanId: '00f067aa0ba902b7',
        traceFlags: '00',
      });
    }
  });

  it('returns a new object each time, so a caller may change its copy', () => {
    const valid = ctxWith(sampled);
    const first = getCorrelation(valid)!;
    first.traceId = 'changed';
    expect(getCorrelation(valid)?.traceId).toBe(sampled.traceId);
  });
});
