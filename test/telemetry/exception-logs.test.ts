import {
  context,
  diag,
  DiagLogLevel,
  propagation,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  ExternalServiceError,
  InternalError,
  ValidationError,
} from '../../src/core/errors/index.js';
import type { AppError } from '../../src/core/errors/index.js';
import { recordError, reloadExceptionSignalMode } from '../../src/core/telemetry/index.js';

const spanExporter = new InMemorySpanExporter();
const tracerProvider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(spanExporter)],
});
const tracer = tracerProvider.getTracer('test');
const logExporter = new InMemoryLogRecordExporter();
const loggerProvider = new LoggerProvider({
  processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
});

const ENV = 'OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN';

beforeAll(() => {
  tracerProvider.register();
  logs.setGlobalLoggerProvider(loggerProvider);
});
afterAll(async () => {
  delete process.env[ENV];
  reloadExceptionSignalMode();
  await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown()]);
  trace.disable();
  context.disable();
  propagation.disable();
  logs.disable();
});
beforeEach(() => {
  spanExporter.reset();
  logExporter.reset();
});
afterEach(() => diag.disable());

function useMode(value: string | undefined): void {
  if (value === undefined) delete process.env[ENV];
  else process.env[ENV] = value;
  reloadExceptionSignalMode();
}

function inSpan(error: unknown, options = {}): ReadableSpan {
  tracer.startActiveSpan('operation', (span) => {
    recordError(error, options);
    span.end();
  });
  return spanExporter.getFinishedSpans().at(-1)!;
}

const exceptionEvents = (span: ReadableSpan) => span.events.filter((e) => e.name === 'exception');

describe('OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN=logs', () => {
  beforeEach(() => useMode('logs'));

  it('emits a correlated log record instead of a span event', () => {
    const span = inSpan(new ExternalServiceError('geo down', { service: 'geo' }), {
      route: '/geo/:ip',
    });
    expect(exceptionEvents(span)).toHaveLength(0);
    expect(span.attributes['error.type']).toBe('EXTERNAL_SERVICE_ERROR');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);

    const records = logExporter.getFinishedLogRecords();
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.instrumentationScope.name).toBe('sightline');
    expect(record.eventName).toBe('http.server.request.exception');
    expect(record.spanContext?.traceId).toBe(span.spanContext().traceId);
    expect(record.spanContext?.spanId).toBe(span.spanContext().spanId);
    expect(record.body).toBe('geo down');
    expect(record.attributes).toMatchObject({
      'exception.type': 'ExternalServiceError',
      'exception.message': 'geo down',
      'error.type': 'EXTERNAL_SERVICE_ERROR',
      'app.error.code': 'EXTERNAL_SERVICE_ERROR',
      'app.error.severity': 'high',
      'app.error.handled': true,
      'http.route': '/geo/:ip',
    });
    expect(record.attributes['exception.stacktrace']).toContain('ExternalServiceError: geo down');
  });

  it('has no event name when the context (route) is unknown', () => {
    inSpan(new ConflictError('x'));
    expect(logExporter.getFinishedLogRecords()[0]?.eventName).toBeUndefined();
  });

  it.each<[string, AppError, boolean, number, string]>([
    ['low', new ValidationError('x'), true, 13, 'WARN'],
    ['medium', new ConflictError('x'), true, 13, 'WARN'],
    ['high', new ExternalServiceError('x', { service: 's' }), true, 17, 'ERROR'],
    ['critical', new InternalError('x'), true, 21, 'FATAL'],
    ['low but unhandled', new ValidationError('x'), false, 17, 'ERROR'],
  ])('maps %s severity to %#', (_, error, handled, number, text) => {
    inSpan(error, { handled });
    const record = logExporter.getFinishedLogRecords()[0];
    expect(record?.severityNumber).toBe(number);
    expect(record?.severityText).toBe(text);
  });

  it('redacts the log record like the span event', () => {
    inSpan(new InternalError('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl leaked'));
    const record = logExporter.getFinishedLogRecords()[0]!;
    expect(JSON.stringify([record.body, record.attributes])).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  });

  it('logs one record per error object even across spans', () => {
    const error = new ConflictError('x');
    inSpan(error);
    inSpan(error);
    expect(logExporter.getFinishedLogRecords()).toHaveLength(1);
  });

  it('logs without a span too', () => {
    recordError(new ConflictError('no span'));
    const record = logExporter.getFinishedLogRecords()[0];
    expect(record?.body).toBe('no span');
    expect(record?.spanContext).toBeUndefined();
  });
});

describe('OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN=logs/dup', () => {
  it('emits both the span event and the log record', () => {
    useMode('logs/dup');
    const span = inSpan(new ConflictError('both'));
    expect(exceptionEvents(span)).toHaveLength(1);
    expect(logExporter.getFinishedLogRecords()).toHaveLength(1);
  });

  it('accepts the value inside a comma-separated list', () => {
    expect(useModeAndRead('other, logs/dup')).toBe('logs/dup');
  });
});

describe('unset or unknown values', () => {
  it('records span events only when unset or empty', () => {
    for (const value of [undefined, '']) {
      useMode(value);
      const span = inSpan(new ConflictError('x'));
      expect(exceptionEvents(span)).toHaveLength(1);
      expect(logExporter.getFinishedLogRecords()).toHaveLength(0);
    }
  });

  it('warns, naming the variable and the fallback, for an unknown value', () => {
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() },
      DiagLogLevel.WARN,
    );
    expect(useModeAndRead('spans-please')).toBe('span');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(ENV));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('span events'));
  });
});

function useModeAndRead(value: string): string {
  process.env[ENV] = value;
  return reloadExceptionSignalMode();
}
