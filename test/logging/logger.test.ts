import { context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/core/errors/index.js';
import {
  createLogger,
  requestLogger,
  WINSTON_TO_OTEL_SEVERITY,
} from '../../src/core/logging/index.js';
import type { LoggerOptions } from '../../src/core/logging/index.js';
import { withRequestContext } from '../../src/core/telemetry/correlation.js';
import { readAppPackage } from '../../src/core/telemetry/resource-facts.js';
import { captureDiag, installOtel, LineSink } from './helpers.js';

const otel = installOtel();
let sink: LineSink;

const make = (options: LoggerOptions = {}) =>
  createLogger({ serviceName: 'svc', stream: sink, pretty: false, level: 'info', ...options });

beforeEach(() => {
  sink = new LineSink();
  otel.exporter.reset();
  // The runner's own environment must not change the defaults under test.
  vi.stubEnv('LOG_LEVEL', '');
  vi.stubEnv('NODE_ENV', 'test');
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await otel.shutdown();
});

describe('stdout JSON line', () => {
  it('outside a span: timestamp, level, message, service.name, then metadata, in that order', () => {
    make().info('hello', { orderId: 'o-1', count: 2 });
    expect(sink.lines).toHaveLength(1);
    const [line] = sink.json;
    expect(Object.keys(line!)).toEqual([
      'timestamp',
      'level',
      'message',
      'service.name',
      'orderId',
      'count',
    ]);
    expect(line).toMatchObject({ level: 'info', message: 'hello', 'service.name': 'svc' });
    const timestamp = line!['timestamp'] as string;
    expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(new Date(timestamp).toISOString()).toBe(timestamp);
  });

  it('inside a span: trace_id, span_id, trace_flags of the active span follow service.name', () => {
    const logger = make();
    const ids = otel.inSpan('work', (span) => {
      logger.info('in span', { k: 'v' });
      return span.spanContext();
    });
    const [line] = sink.json;
    expect(Object.keys(line!)).toEqual([
      'timestamp',
      'level',
      'message',
      'service.name',
      'trace_id',
      'span_id',
      'trace_flags',
      'k',
    ]);
    expect(line).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, trace_flags: '01' });
  });

  it('reads the span active at call time, not at logger creation', () => {
    const logger = otel.inSpan('creation', () => make());
    const [first, second] = otel.inSpan('a', (a) => [
      a.spanContext().spanId,
      otel.inSpan('b', (b) => {
        logger.info('nested');
        return b.spanContext().spanId;
      }),
    ]);
    logger.info('after');
    expect(sink.json[0]!['span_id']).toBe(second);
    expect(sink.json[0]!['span_id']).not.toBe(first);
    expect(sink.json[1]).not.toHaveProperty('trace_id');
  });

  it('adds request_id and user_id from the OTel context after the correlation fields', () => {
    const logger = make();
    otel.inSpan('req', () => {
      const ctx = withRequestContext(context.active(), { requestId: 'r-1', userId: 'u-9' });
      context.with(ctx, () => logger.info('handled', { route: '/x' }));
    });
    const [line] = sink.json;
    expect(Object.keys(line!).slice(4)).toEqual([
      'trace_id',
      'span_id',
      'trace_flags',
      'request_id',
      'user_id',
      'route',
    ]);
    expect(line).toMatchObject({ request_id: 'r-1', user_id: 'u-9' });
  });

  it('keeps newlines and ANSI escapes JSON-escaped: one record is one line', () => {
    const message = 'line1\nline2\r\n\u001b[31mred\u001b[0m\u2028end';
    make().warn(message, { note: 'a\nb' });
    expect(sink.chunks.join('').split('\n')).toHaveLength(2); // the line + trailing ''
    expect(sink.chunks.join('')).not.toContain('\u001b');
    expect(sink.json[0]).toMatchObject({ message, note: 'a\nb' });
  });

  it('takes service.name from OTEL_SERVICE_NAME, the option overriding it', () => {
    vi.stubEnv('OTEL_SERVICE_NAME', 'from-env');
    createLogger({ stream: sink, pretty: false }).info('a');
    createLogger({ stream: sink, pretty: false, serviceName: 'from-option' }).info('b');
    vi.stubEnv('OTEL_SERVICE_NAME', '');
    createLogger({ stream: sink, pretty: false }).info('c');
    expect(sink.json.map((line) => line['service.name'])).toEqual([
      'from-env',
      'from-option',
      // Without a running SDK the name is resolved as the SDK would: the app's package.json.
      readAppPackage().name ?? 'unknown_service:node',
    ]);
  });

  it('ignores reserved keys in metadata (correlation comes from the context only)', () => {
    make().info('x', { trace_id: 'forged', timestamp: 'then', 'service.name': 'other', ok: 1 });
    const [line] = sink.json;
    expect(line).not.toHaveProperty('trace_id');
    expect(line!['service.name']).toBe('svc');
    expect(line!['timestamp']).not.toBe('then');
    expect(line!['ok']).toBe(1);
  });

  it('keeps defaultMeta on every line', () => {
    make({ defaultMeta: { region: 'eu' } }).info('x', { a: 1 });
    expect(sink.json[0]).toMatchObject({ region: 'eu', a: 1 });
  });
});

describe('OTel export (real SDK, in-memory exporter)', () => {
  it('one call inside a span → exactly one record with that trace/span id and severity', () => {
    const logger = make();
    const ids = otel.inSpan('op', (span) => {
      logger.info('charged', { amount: 3 });
      return span.spanContext();
    });
    const records = otel.records();
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record!.spanContext?.traceId).toBe(ids.traceId);
    expect(record!.spanContext?.spanId).toBe(ids.spanId);
    expect(record!.severityNumber).toBe(SeverityNumber.INFO);
    expect(record!.severityText).toBe('info');
    expect(record!.body).toBe('charged');
    expect(record!.attributes['amount']).toBe(3);
  });

  it('one call outside a span → exactly one record without span context', () => {
    make().warn('no span');
    const records = otel.records();
    expect(records).toHaveLength(1);
    expect(records[0]!.spanContext).toBeUndefined();
    expect(records[0]!.severityNumber).toBe(SeverityNumber.WARN);
  });

  it('maps every winston level to the documented severity number', () => {
    const logger = make({ level: 'silly' });
    const levels = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;
    for (const level of levels) logger[level](`at ${level}`);
    const records = otel.records();
    expect(records.map((r) => [r.severityText, r.severityNumber])).toEqual(
      levels.map((level) => [level, WINSTON_TO_OTEL_SEVERITY[level]]),
    );
    expect(WINSTON_TO_OTEL_SEVERITY).toMatchObject({ error: 17, warn: 13, info: 9, debug: 5 });
  });

  it('child(): bound fields on both outputs, still exactly one record per call', () => {
    const child = make().child({ tenant: 'acme' });
    const grandchild = child.child({ job: 'sync' });
    otel.inSpan('c', () => {
      child.info('one');
      grandchild.info('two', { extra: true });
    });
    expect(otel.records()).toHaveLength(2);
    expect(sink.json[1]).toMatchObject({ tenant: 'acme', job: 'sync', extra: true });
    expect(otel.records()[1]!.attributes).toMatchObject({ tenant: 'acme', job: 'sync' });
    expect(otel.records()[1]!.spanContext?.traceId).toBe(sink.json[1]!['trace_id']);
  });

  it('requestLogger binds request_id/user_id in their slot', () => {
    const log = requestLogger(make(), { requestId: 'req-7', userId: 'u-1', route: '/a' });
    log.info('handled');
    const [line] = sink.json;
    expect(Object.keys(line!)).toEqual([
      'timestamp',
      'level',
      'message',
      'service.name',
      'request_id',
      'user_id',
      'route',
    ]);
    expect(line).toMatchObject({ request_id: 'req-7', user_id: 'u-1' });
    expect(otel.records()[0]!.attributes).toMatchObject({ request_id: 'req-7', route: '/a' });
  });

  it('the stdout line and the exported record carry the same redacted content', () => {
    const logger = make();
    otel.inSpan('r', () =>
      logger.info('signup for alice@example.com', {
        password: 'hunter2',
        user: { email: 'bob@example.com', apiKey: 'sk_live_abcdefghijklmnopqrstuvwx', plan: 'pro' },
        tags: ['a', 'b'],
      }),
    );
    const text = sink.chunks.join('');
    const [record] = otel.records();
    const exported = JSON.stringify([record!.body, record!.attributes]);
    for (const secret of ['hunter2', 'alice@example.com', 'bob@example.com', 'sk_live_abc']) {
      expect(text).not.toContain(secret);
      expect(exported).not.toContain(secret);
    }
    const { timestamp, level, message, trace_id, span_id, trace_flags, ...meta } = sink.json[0]!;
    delete meta['service.name'];
    expect([timestamp, level, trace_id, span_id, trace_flags]).not.toContain(undefined);
    expect(record!.body).toBe(message);
    expect(record!.attributes).toEqual(meta);
    expect((meta['user'] as Record<string, unknown>)['plan']).toBe('pro');
  });

  it('otel: false writes the line but exports nothing', () => {
    make({ otel: false }).info('local only');
    expect(sink.lines).toHaveLength(1);
    expect(otel.records()).toHaveLength(0);
  });

  it('records below the level reach neither output', () => {
    const logger = make({ level: 'warn' });
    logger.info('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    expect(sink.json.map((l) => l['message'])).toEqual(['shown']);
    expect(otel.records()).toHaveLength(1);
  });
});

describe('errors', () => {
  const chain = () => {
    const root = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const mid = new TypeError('fetch failed', { cause: root });
    return new Error('charge failed', { cause: mid });
  };

  it('serializes an `error` field with name, message, code, stack and the cause chain', () => {
    make().error('payment failed', { error: chain(), orderId: 'o-1' });
    const line = sink.json[0]!;
    const error = line['error'] as Record<string, unknown>;
    expect(error).toMatchObject({ name: 'Error', message: 'charge failed' });
    expect(error['stack']).toContain('charge failed');
    const cause = error['cause'] as Record<string, unknown>;
    expect(cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(cause['cause']).toMatchObject({
      name: 'Error',
      message: 'socket hang up',
      code: 'ECONNRESET',
    });
    expect(line['orderId']).toBe('o-1');
  });

  it('bounds the cause chain', () => {
    let error: Error = new Error('level 0');
    for (let i = 1; i <= 20; i++) error = new Error(`level ${i}`, { cause: error });
    make({ maxCauseDepth: 3 }).error('deep', { err: error });
    let node = sink.json[0]!['err'] as Record<string, unknown> | undefined;
    let depth = 0;
    while (node?.['cause']) {
      node = node['cause'] as Record<string, unknown>;
      depth++;
    }
    expect(depth).toBe(4); // three real causes, then the truncation marker
    expect(node!['message']).toMatch(/truncated/);
  });

  it('logger.error(err): the Error as the message is serialized, never {}', () => {
    const logger = make();
    otel.inSpan('e', () => logger.error(chain()));
    const line = sink.json[0]!;
    expect(line['message']).toBe('charge failed');
    expect(line['error']).toMatchObject({ name: 'Error', message: 'charge failed' });
    expect((line['error'] as Record<string, unknown>)['cause']).toMatchObject({
      name: 'TypeError',
    });
    expect(line).not.toHaveProperty('stack');
    const [record] = otel.records();
    expect(record!.attributes['exception.message']).toBe('charge failed');
    expect(record!.attributes['exception.stacktrace']).toContain('charge failed');
  });

  it("logger.error('msg', err): the Error as meta is serialized, not spread", () => {
    make().error('failed:', chain());
    const line = sink.json[0]!;
    expect(line['error']).toMatchObject({ message: 'charge failed' });
    expect(line).not.toHaveProperty('stack');
    expect(line).not.toHaveProperty('cause');
  });

  it('AppError: code and severity on stdout, exception.* on the OTel record', () => {
    const error = new AppError('card declined', {
      code: 'PAYMENT_DECLINED',
      severity: 'high',
      status: 402,
    });
    make().error('charge', { error });
    const serialized = sink.json[0]!['error'] as Record<string, unknown>;
    expect(serialized).toMatchObject({
      name: 'AppError',
      message: 'card declined',
      code: 'PAYMENT_DECLINED',
      severity: 'high',
      status: 402,
    });
    const [record] = otel.records();
    expect(record!.attributes['exception.type']).toBe('PAYMENT_DECLINED');
    expect(record!.attributes['exception.message']).toBe('card declined');
  });

  it('an Error logged through child() keeps its identity and the bound fields', () => {
    const error = new AppError('nope', { code: 'NOPE', severity: 'low', status: 409 });
    make({ defaultMeta: { app: 'a' } })
      .child({ tenant: 't' })
      .error(error);
    const line = sink.json[0]!;
    expect(line).toMatchObject({ message: 'nope', tenant: 't', app: 'a' });
    expect(line['error']).toMatchObject({ code: 'NOPE', severity: 'low' });
    expect(line).not.toHaveProperty('code');
  });

  it('redacts secrets inside error messages', () => {
    make().error('x', { error: new Error('login failed for carol@example.com') });
    expect(sink.chunks.join('')).not.toContain('carol@example.com');
    expect(JSON.stringify(otel.records()[0]!.attributes)).not.toContain('carol@example.com');
  });
});

describe('LOG_LEVEL', () => {
  it('is the default level', () => {
    vi.stubEnv('LOG_LEVEL', 'debug');
    const logger = createLogger({ stream: sink, pretty: false });
    logger.debug('visible');
    expect(sink.lines).toHaveLength(1);
  });

  it('accepts trace/fatal aliases and is case-insensitive', () => {
    vi.stubEnv('LOG_LEVEL', 'TRACE');
    expect(createLogger({ stream: sink }).level).toBe('silly');
    vi.stubEnv('LOG_LEVEL', 'Warn');
    expect(createLogger({ stream: sink }).level).toBe('warn');
  });

  it('invalid → exactly one diag warning naming LOG_LEVEL and info, and level info', () => {
    const diagnostics = captureDiag();
    try {
      vi.stubEnv('LOG_LEVEL', 'loudest');
      const first = createLogger({ stream: sink, pretty: false });
      const second = createLogger({ stream: sink, pretty: false });
      first.debug('hidden');
      first.info('shown');
      expect(second.level).toBe('info');
      const warnings = diagnostics.messages.filter((m) => m.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.text).toContain('LOG_LEVEL');
      expect(warnings[0]!.text).toContain('loudest');
      expect(warnings[0]!.text).toContain('"info"');
      expect(sink.json.map((l) => l['message'])).toEqual(['shown']);
    } finally {
      diagnostics.restore();
    }
  });

  it('the level option wins over LOG_LEVEL', () => {
    vi.stubEnv('LOG_LEVEL', 'error');
    expect(createLogger({ stream: sink, level: 'debug' }).level).toBe('debug');
  });
});

describe('pretty format', () => {
  it('one human-readable line with time, coloured level, message, short trace id and metadata', () => {
    vi.stubEnv('NO_COLOR', '');
    const logger = make({ pretty: true });
    const traceId = otel.inSpan('p', (span) => {
      logger.warn('disk\nalmost full', { pct: 91 });
      return span.spanContext().traceId;
    });
    expect(sink.lines).toHaveLength(1);
    const [line] = sink.lines;
    expect(line).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} /);
    expect(line).toContain('\u001b[33mWARN ');
    expect(line).toContain('disk\\nalmost full');
    expect(line).toContain(`trace=${traceId.slice(0, 8)}`);
    expect(line).not.toContain(traceId);
    expect(line).toContain('{"pct":91}');
    expect(otel.records()).toHaveLength(1);
  });

  it('is the default when NODE_ENV=development', () => {
    vi.stubEnv('NODE_ENV', 'development');
    createLogger({ stream: sink }).info('dev');
    expect(() => JSON.parse(sink.lines[0]!)).toThrow();
    expect(sink.lines[0]).toContain('dev');
  });

  it('has no colours with NO_COLOR', () => {
    vi.stubEnv('NO_COLOR', '1');
    make({ pretty: true }).info('plain');
    expect(sink.lines[0]).not.toContain('\u001b');
  });
});

describe('isolation from the caller', () => {
  it('does not leak the active span between calls', () => {
    const logger = make();
    otel.inSpan('x', () => logger.info('a'));
    expect(trace.getActiveSpan()).toBeUndefined();
    logger.info('b');
    expect(sink.json[1]).not.toHaveProperty('span_id');
  });
});
