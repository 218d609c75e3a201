import { context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { TraceLogBuffer } from '../../src/core/logging/buffer.js';
import { createLogger } from '../../src/core/logging/index.js';
import type { LoggerOptions } from '../../src/core/logging/index.js';
import { captureDiag, installOtel, LineSink } from './helpers.js';

const otel = installOtel();
let sink: LineSink;

const make = (options: LoggerOptions = {}) =>
  createLogger({ stream: sink, pretty: false, bufferDebugLogs: true, level: 'info', ...options });
const messages = () => sink.json.map((line) => line['message']);

beforeEach(() => {
  sink = new LineSink();
  otel.exporter.reset();
});
afterAll(async () => {
  await otel.shutdown();
});

describe('debug log buffering per trace', () => {
  it('holds debug records in a trace and flushes them, in order and marked, on an error', () => {
    const logger = make();
    const traceId = otel.inSpan('req', (span) => {
      logger.debug('step 1', { a: 1 });
      logger.info('visible');
      logger.debug('step 2');
      expect(messages()).toEqual(['visible']);
      expect(otel.records()).toHaveLength(1);
      logger.error('boom');
      return span.spanContext().traceId;
    });
    expect(messages()).toEqual(['visible', 'step 1', 'step 2', 'boom']);
    const lines = sink.json;
    expect(lines[1]).toMatchObject({ level: 'debug', buffered: true, a: 1, trace_id: traceId });
    expect(lines[3]).not.toHaveProperty('buffered');
    const records = otel.records();
    expect(records.map((r) => r.body)).toEqual(['visible', 'step 1', 'step 2', 'boom']);
    expect(records[1]!.severityNumber).toBe(SeverityNumber.DEBUG);
    expect(records[1]!.spanContext?.traceId).toBe(traceId);
    expect(records[1]!.attributes['buffered']).toBe(true);
  });

  it('keeps the call-time timestamp and span of a buffered record', () => {
    const logger = make();
    otel.inSpan('req', () => {
      const childSpanId = otel.inSpan('inner', (inner) => {
        logger.debug('in inner');
        return inner.spanContext().spanId;
      });
      logger.error('outer failure');
      expect(sink.json[0]!['span_id']).toBe(childSpanId);
      expect(otel.records()[0]!.spanContext?.spanId).toBe(childSpanId);
      expect(sink.json[1]!['span_id']).not.toBe(childSpanId);
    });
  });

  it('drops held records silently when no error happens (nothing written)', () => {
    const logger = make();
    otel.inSpan('ok', () => {
      logger.debug('quiet');
      logger.info('done');
    });
    expect(messages()).toEqual(['done']);
    expect(otel.records()).toHaveLength(1);
  });

  it('writes debug records outside a trace normally (subject to the level)', () => {
    make({ level: 'debug' }).debug('no trace');
    make({ level: 'info' }).debug('no trace, filtered');
    expect(sink.json).toHaveLength(1);
    expect(sink.json[0]).toMatchObject({ message: 'no trace' });
    expect(sink.json[0]).not.toHaveProperty('buffered');
  });

  it('an error in another trace does not flush this trace', () => {
    const logger = make();
    const later = otel.inSpan('a', (a) => {
      logger.debug('a-debug');
      return a.spanContext();
    });
    otel.inSpan('b', () => {
      logger.debug('b-debug');
      logger.error('b-error');
    });
    expect(messages()).toEqual(['b-debug', 'b-error']);
    // Trace A is still held: an error under A's span context flushes it.
    otel.inSpan('a-again', () => undefined);
    context.with(trace.setSpanContext(context.active(), later), () => logger.error('a-error'));
    expect(messages()).toEqual(['b-debug', 'b-error', 'a-debug', 'a-error']);
  });

  it('evicts the oldest records beyond maxRecordsPerTrace, with one diag warning per burst', () => {
    const diagnostics = captureDiag();
    try {
      const logger = make({ bufferDebugLogs: { maxRecordsPerTrace: 3 } });
      otel.inSpan('t', () => {
        for (let i = 1; i <= 8; i++) logger.debug(`d${i}`);
        logger.error('fail');
      });
      expect(messages()).toEqual(['d6', 'd7', 'd8', 'fail']);
      const warnings = diagnostics.messages.filter((m) => m.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.text).toMatch(/evicted 1 buffered/);
    } finally {
      diagnostics.restore();
    }
  });

  it('evicts the least recently written trace beyond maxTraces', () => {
    const logger = make({ bufferDebugLogs: { maxTraces: 2 } });
    const contexts = ['t1', 't2', 't3'].map((name) =>
      otel.inSpan(name, (span) => {
        logger.debug(`${name}-debug`);
        return span.spanContext();
      }),
    );
    for (const [index, spanContext] of contexts.entries()) {
      context.with(trace.setSpanContext(context.active(), spanContext), () =>
        logger.error(`t${index + 1}-error`),
      );
    }
    expect(messages()).toEqual(['t1-error', 't2-debug', 't2-error', 't3-debug', 't3-error']);
  });

  it('buffers through child loggers and keeps their bound fields', () => {
    const child = make().child({ tenant: 'acme' });
    otel.inSpan('c', () => {
      child.debug('held');
      child.error('failed');
    });
    expect(sink.json[0]).toMatchObject({ message: 'held', tenant: 'acme', buffered: true });
  });
});

describe('TraceLogBuffer', () => {
  it('bounds records per trace and traces, counting every eviction', () => {
    const buffer = new TraceLogBuffer<number>({ maxRecordsPerTrace: 2, maxTraces: 2 });
    buffer.add('a', 1);
    buffer.add('a', 2);
    buffer.add('a', 3); // evicts 1
    buffer.add('b', 1);
    buffer.add('c', 1); // evicts trace a (2 records)
    expect(buffer.evicted).toBe(3);
    expect(buffer.traceCount).toBe(2);
    expect(buffer.take('a')).toEqual([]);
    expect(buffer.take('b')).toEqual([1]);
    expect(buffer.take('b')).toEqual([]);
  });

  it('warns at most once per interval, with the count since the last warning', () => {
    const diagnostics = captureDiag();
    try {
      let now = 0;
      const buffer = new TraceLogBuffer<number>(
        { maxRecordsPerTrace: 1 },
        { now: () => now, warnIntervalMs: 1000 },
      );
      for (let i = 0; i < 10; i++) buffer.add('a', i); // 9 evictions at t=0
      now = 500;
      buffer.add('a', 10);
      now = 1500;
      buffer.add('a', 11);
      const warnings = diagnostics.messages.filter((m) => m.level === 'warn').map((m) => m.text);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/evicted 1 buffered/);
      expect(warnings[1]).toMatch(/evicted 10 buffered/);
      expect(buffer.evicted).toBe(11);
    } finally {
      diagnostics.restore();
    }
  });

  it('rejects invalid bounds with a warning and uses the defaults', () => {
    const diagnostics = captureDiag();
    try {
      const buffer = new TraceLogBuffer<number>({ maxRecordsPerTrace: 0, maxTraces: Number.NaN });
      for (let i = 0; i < 100; i++) buffer.add('a', i);
      expect(buffer.evicted).toBe(0);
      expect(diagnostics.messages.filter((m) => m.level === 'warn')).toHaveLength(2);
    } finally {
      diagnostics.restore();
    }
  });
});
