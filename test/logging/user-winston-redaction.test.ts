/**
 * The redacting format the SDK gives an app's own winston loggers (src/sdk/winston-redaction.ts),
 * applied the way the instrumentation applies it — winston's `_transform` wrapped — on each test
 * logger, so winston itself stays unpatched for the other tests.
 */
import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import winston from 'winston';
import Transport from 'winston-transport';
import { createLogger } from '../../src/core/logging/index.js';
import { getDefaultRedactor, type Redactor } from '../../src/core/redaction/index.js';
import { isMarkedRedacted } from '../../src/core/telemetry/redacted-records.js';
import { loadInstrumentations } from '../../src/sdk/instrumentations.js';
import {
  redactingTransform,
  SELF_REDACTING_FORMAT,
  type WinstonFormat,
  type WinstonTransform,
} from '../../src/sdk/winston-redaction.js';
import { captureDiag, LineSink } from './helpers.js';

type Info = Record<string | symbol, unknown>;
const SPLAT = Symbol.for('splat');
const OTEL_CONTEXT = Symbol.for('opentelemetry.js.contrib.winston.context');

/** Keeps every record a transport receives (what the OTel transport would export). */
class Capture extends Transport {
  readonly infos: Info[] = [];

  override log(info: Info, next: () => void): void {
    this.infos.push(info);
    next();
  }
}

let redactor: Redactor = getDefaultRedactor();
let sink: LineSink;
let capture: Capture;

const original = (winston.Logger.prototype as unknown as { _transform: WinstonTransform })
  ._transform;

function userLogger(
  format?: winston.Logform.Format,
  transports: Transport[] = [new winston.transports.Stream({ stream: sink }), capture],
): winston.Logger {
  const logger = winston.createLogger({ ...(format && { format }), transports });
  const patched = logger as unknown as { _transform: WinstonTransform };
  patched._transform = redactingTransform(original, () => redactor);
  return logger;
}

beforeEach(() => {
  redactor = getDefaultRedactor();
  sink = new LineSink();
  capture = new Capture();
});

describe('an app-made winston logger', () => {
  it('writes message and metadata redacted on every transport, keeping its own format', () => {
    const meta = { email: 'jane@example.com', attempt: 1, nested: { password: 'hunter2' } };
    userLogger().info('login password=hunter2', meta);
    expect(sink.json).toEqual([
      {
        level: 'info',
        message: 'login password=[REDACTED]',
        email: '[EMAIL]',
        attempt: 1,
        nested: { password: '[REDACTED]' },
      },
    ]);
    const [info] = capture.infos;
    expect(info?.[SPLAT]).toEqual([
      { email: '[EMAIL]', attempt: 1, nested: { password: '[REDACTED]' } },
    ]);
    // Marked: the SDK's log processor does not scan the OTel record again.
    expect(isMarkedRedacted(info?.[OTEL_CONTEXT] as Context)).toBe(true);
    // The caller's objects are not modified.
    expect(meta).toEqual({
      email: 'jane@example.com',
      attempt: 1,
      nested: { password: 'hunter2' },
    });
  });

  it('keeps the OTel context instrumentation-winston captured at call time, marked', () => {
    const key = Symbol('request');
    const ctx = ROOT_CONTEXT.setValue(key, 'r-1');
    userLogger().log({ level: 'info', message: 'hi', [OTEL_CONTEXT]: ctx });
    const marked = capture.infos[0]?.[OTEL_CONTEXT] as Context;
    expect(marked.getValue(key)).toBe('r-1');
    expect(isMarkedRedacted(marked)).toBe(true);
  });

  it('redacts a printf message after format.splat() interpolated it, in context', () => {
    const logger = userLogger(
      winston.format.combine(winston.format.splat(), winston.format.json()),
    );
    logger.info('login password=%s for %s', 'hunter2', 'jane@example.com');
    expect(sink.json).toEqual([
      { level: 'info', message: 'login password=[REDACTED] for [EMAIL]' },
    ]);
    // The plain arguments would be exported as `exception.message`, out of context.
    expect(capture.infos[0]?.[SPLAT]).toEqual([]);
    expect(sink.chunks.join('')).not.toContain('hunter2');
  });

  it("leaves a template to a transport's format.splat() unless it shows a secret in context", () => {
    const logger = userLogger(undefined, [
      new winston.transports.Stream({
        stream: sink,
        format: winston.format.combine(winston.format.splat(), winston.format.simple()),
      }),
    ]);
    logger.info('user %s, mail %s', 'bob', 'jane@example.com');
    logger.info('login password=%s', 'hunter2');
    expect(sink.lines).toEqual(['info: user bob, mail [EMAIL]', 'info: login password=[REDACTED]']);
  });

  it('keeps a logged Error an Error for format.errors(), redacted, the original untouched', () => {
    const error = new Error('charge for jane@example.com failed');
    const logger = userLogger(
      winston.format.combine(winston.format.errors({ stack: true }), winston.format.json()),
    );
    logger.error(error);
    const [line] = sink.json;
    expect(line).toMatchObject({ level: 'error', message: 'charge for [EMAIL] failed' });
    expect(line?.['stack']).toMatch(/^Error: charge for \[EMAIL\] failed\n/);
    expect(error.message).toBe('charge for jane@example.com failed');
  });

  it('wraps a format assigned later too, and leaves Sightline-format loggers alone', () => {
    const logger = userLogger();
    logger.format = winston.format.simple();
    logger.info('token=abc123');
    expect(sink.lines).toEqual(['info: token=[REDACTED]']);
    expect((logger.format as WinstonFormat)[SELF_REDACTING_FORMAT]).toBe(true);

    const own = createLogger({ stream: new LineSink(), pretty: false });
    const ownFormat = own.format as WinstonFormat;
    expect(ownFormat[SELF_REDACTING_FORMAT]).toBe(true); // same registry key as logger.ts
    const host = { format: ownFormat };
    redactingTransform(() => undefined).call(host, { level: 'info', message: 'x' }, '', () => {});
    expect(host.format).toBe(ownFormat);
  });
});

describe('fail closed', () => {
  let diag: ReturnType<typeof captureDiag>;
  beforeEach(() => {
    diag = captureDiag();
  });
  afterEach(() => diag.restore());

  const throwing = (part: 'value' | 'string'): Redactor => ({
    ...getDefaultRedactor(),
    [part]: () => {
      throw new Error('redactor broke');
    },
  });

  it('a throwing redactor does not throw from logger.info: a minimal record is written', () => {
    redactor = throwing('value');
    const logger = userLogger();
    expect(() => logger.info('login password=hunter2', { token: 'abc123' })).not.toThrow();
    expect(sink.json).toEqual([
      {
        level: 'info',
        message: 'login password=[REDACTED]',
        log_error: 'log record could not be redacted',
      },
    ]);
    expect(JSON.stringify(capture.infos)).not.toContain('abc123');
    expect(isMarkedRedacted(capture.infos[0]?.[OTEL_CONTEXT] as Context)).toBe(true);
    expect(diag.messages.some((m) => m.text.includes('could not be redacted'))).toBe(true);
  });

  it('a redactor throwing after the user format replaces the line with a minimal one', () => {
    redactor = throwing('string');
    const logger = userLogger(
      winston.format.combine(winston.format.splat(), winston.format.json()),
    );
    expect(() => logger.warn('password=%s', 'hunter2')).not.toThrow();
    expect(sink.json).toEqual([
      { level: 'warn', message: '[REDACTED]', log_error: 'log record could not be redacted' },
    ]);
  });
});

describe('the winston instrumentation factory', () => {
  it('adds the redaction instrumentation next to instrumentation-winston, one name', () => {
    const { names, instrumentations } = loadInstrumentations(['winston'], []);
    for (const instrumentation of instrumentations) instrumentation.disable();
    expect(names).toEqual(['winston']);
    expect(instrumentations.map((i) => i.instrumentationName)).toEqual([
      '@opentelemetry/instrumentation-winston',
      'sightline-winston-redaction',
    ]);
  });
});
