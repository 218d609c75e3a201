import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
} from '@opentelemetry/semantic-conventions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/redaction/index.js';
import {
  ConflictError,
  ExternalServiceError,
  InternalError,
  ResourceNotFoundError,
  normalizeError,
} from '../../src/core/errors/index.js';
import {
  ATTR_APP_ERROR_CODE,
  ATTR_APP_ERROR_HANDLED,
  ATTR_APP_ERROR_SEVERITY,
  getExceptionSignalMode,
  recordError,
  reloadExceptionSignalMode,
} from '../../src/core/telemetry/index.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('test');

beforeAll(() => {
  delete process.env.OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN;
  reloadExceptionSignalMode();
  provider.register();
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

/** Runs `body` inside an active span and returns the finished span. */
function inSpan(body: (span: Span) => void): ReadableSpan {
  tracer.startActiveSpan('operation', (span) => {
    body(span);
    span.end();
  });
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

const exceptionEvents = (span: ReadableSpan) => span.events.filter((e) => e.name === 'exception');

describe('recordError on spans', () => {
  it('defaults to span events when the opt-in variable is unset', () => {
    expect(getExceptionSignalMode()).toBe('span');
  });

  it('records a 4xx as an exception event and error.type, leaving the status unset', () => {
    const error = new ConflictError('version 3 != 4');
    const span = inSpan(() => recordError(error));
    const [event, ...rest] = exceptionEvents(span);
    expect(rest).toHaveLength(0);
    expect(event?.attributes).toMatchObject({
      [ATTR_EXCEPTION_TYPE]: 'ConflictError',
      [ATTR_EXCEPTION_MESSAGE]: 'version 3 != 4',
      [ATTR_ERROR_TYPE]: 'CONFLICT',
      [ATTR_APP_ERROR_CODE]: 'CONFLICT',
      [ATTR_APP_ERROR_SEVERITY]: 'medium',
      [ATTR_APP_ERROR_HANDLED]: true,
    });
    expect(event?.attributes?.[ATTR_EXCEPTION_STACKTRACE]).toContain('ConflictError: version 3');
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('CONFLICT');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('sets status ERROR for a 5xx', () => {
    const span = inSpan(() =>
      recordError(new ExternalServiceError('geo api timed out', { service: 'geo' })),
    );
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'geo api timed out' });
    expect(exceptionEvents(span)[0]?.attributes?.[ATTR_APP_ERROR_SEVERITY]).toBe('high');
  });

  it('sets status ERROR for an unhandled 4xx', () => {
    const span = inSpan(() =>
      recordError(new ResourceNotFoundError('User', 1), { handled: false }),
    );
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(exceptionEvents(span)[0]?.attributes?.[ATTR_APP_ERROR_HANDLED]).toBe(false);
  });

  it('reports the original type of a wrapped foreign error and its code as error.type', () => {
    const span = inSpan(() => recordError(new TypeError('x is undefined')));
    const attributes = exceptionEvents(span)[0]?.attributes;
    expect(attributes?.[ATTR_EXCEPTION_TYPE]).toBe('TypeError');
    expect(attributes?.[ATTR_ERROR_TYPE]).toBe('INTERNAL_ERROR');
    expect(attributes?.[ATTR_EXCEPTION_STACKTRACE]).toContain('TypeError: x is undefined');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('redacts the message, stack, status message and extra attributes', () => {
    const span = inSpan(() =>
      recordError(new InternalError('lookup failed for ann@example.com'), {
        attributes: { 'app.note': 'contact bob@example.com', 'app.password': 'hunter2' },
      }),
    );
    const attributes = exceptionEvents(span)[0]?.attributes ?? {};
    const everything = JSON.stringify({ attributes, status: span.status });
    expect(everything).not.toContain('ann@example.com');
    expect(everything).not.toContain('bob@example.com');
    expect(everything).not.toContain('hunter2');
    expect(attributes[ATTR_EXCEPTION_MESSAGE]).toContain('lookup failed for');
    expect(attributes['app.note']).toBeDefined();
  });

  it('records the same error object once per span', () => {
    const error = new ConflictError('dup');
    const span = inSpan(() => {
      recordError(error);
      recordError(error, { handled: false });
      recordError(error);
    });
    expect(exceptionEvents(span)).toHaveLength(1);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('treats a thrown value and its normalized form as the same error', () => {
    const thrown = new RangeError('bad');
    const span = inSpan(() => {
      recordError(thrown);
      recordError(normalizeError(thrown));
    });
    expect(exceptionEvents(span)).toHaveLength(1);
  });

  it('records the same error again on another span, and distinct errors separately', () => {
    const error = new ConflictError('dup');
    const first = inSpan(() => {
      recordError(error);
      recordError(new ConflictError('other'));
    });
    exporter.reset();
    const second = inSpan(() => recordError(error));
    expect(exceptionEvents(first)).toHaveLength(2);
    expect(exceptionEvents(second)).toHaveLength(1);
  });

  it('records on the span it is given rather than the active one', () => {
    const explicit = tracer.startSpan('explicit');
    const active = inSpan(() => recordError(new ConflictError('x'), { span: explicit }));
    explicit.end();
    const finished = exporter.getFinishedSpans().find((s) => s.name === 'explicit');
    expect(exceptionEvents(active)).toHaveLength(0);
    expect(exceptionEvents(finished!)).toHaveLength(1);
  });

  it('returns the normalized error, also without any span', () => {
    const error = recordError('plain string');
    expect(error).toBeInstanceOf(InternalError);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('never throws, even when the span does', () => {
    const hostile = {
      setAttribute() {
        throw new Error('span broken');
      },
      addEvent() {
        throw new Error('span broken');
      },
      setStatus() {
        throw new Error('span broken');
      },
    } as unknown as Span;
    const error = new ConflictError('x');
    expect(recordError(error, { span: hostile })).toBe(error);
  });

  it('writes exception text that a second redaction leaves as it is (issue #13)', () => {
    const span = inSpan(() => recordError(new Error('db password=hunter2 at 10.1.2.3')));
    const attributes = exceptionEvents(span)[0]?.attributes ?? {};
    expect(attributes[ATTR_EXCEPTION_MESSAGE]).toBe('db password=[REDACTED] at [IP]');
    // What the span processor or a log pipeline does next: redact again, with a fresh policy.
    const again = createRedactor();
    expect(again.attributes(attributes)).toEqual(attributes);
    expect(again.string(String(attributes[ATTR_EXCEPTION_STACKTRACE]))).toBe(
      attributes[ATTR_EXCEPTION_STACKTRACE],
    );
  });
});
