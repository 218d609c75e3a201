import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logging/index.js';
import { BUILT_RECORD, emitBuiltRecord } from '../../src/core/logging/otel-emit.js';
import { LEVEL, type Info } from '../../src/core/logging/safe.js';
import { installOtel, LineSink } from './helpers.js';

const otel = installOtel();
afterAll(() => otel.shutdown());

const logger = createLogger({ stream: new LineSink(), level: 'silly' });
const transport = logger.transports.find((t) => t instanceof OpenTelemetryTransportV3);
if (!(transport instanceof OpenTelemetryTransportV3)) throw new Error('no OTel transport');

/** The record Sightline's format builds for one call (what both paths receive). */
function built(level: string, message: unknown, meta: Record<string, unknown>): Info {
  const info: Info = { ...meta, level, message, [LEVEL]: level };
  const record = logger.format.transform(info as never, logger.format.options) as Info | false;
  if (!record) throw new Error('format dropped the record');
  return record;
}

/** What the exporter received for one emission, without the clock-dependent fields. */
function emitted(emit: () => void): unknown[] {
  otel.exporter.reset();
  otel.inSpan('request', () => emit());
  return otel.records().map((r) => ({
    severityNumber: r.severityNumber,
    severityText: r.severityText,
    body: r.body,
    attributes: r.attributes,
    eventName: r.eventName,
    scope: r.instrumentationScope,
    traceId: r.spanContext?.traceId,
    spanId: r.spanContext?.spanId,
  }));
}

const LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];
const meta = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('error', 'err', 'stack', 'trace_id')),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 6 },
);

describe('emitting a Sightline-built record to the OTel logger directly', () => {
  it('produces exactly the record @opentelemetry/winston-transport would, or defers to it', () => {
    let direct = 0;
    fc.assert(
      fc.property(fc.constantFrom(...LEVELS), fc.string(), meta, (level, message, fields) => {
        const record = built(level, message, fields);
        let handled = false;
        const fast = emitted(() => (handled = emitBuiltRecord(transport, record)));
        const library = emitted(() => transport.log({ ...record }, () => {}));
        if (handled) {
          direct++;
          expect(fast).toEqual(library);
          expect(fast).toHaveLength(1);
        } else {
          expect(fast).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
    // Most generated records carry no exception field: the direct path must be the usual one.
    expect(direct).toBeGreaterThan(100);
  });

  it('keeps the request line shape identical, nested metadata included', () => {
    const record = built('info', 'Request completed', {
      method: 'GET',
      route: '/users/:id',
      status: 200,
      duration_ms: 1.25,
      customer: { id: 'c1', tags: ['a', { deep: [1, null, true] }] },
      password: 'hunter2',
    });
    const fast = emitted(() => expect(emitBuiltRecord(transport, record)).toBe(true));
    expect(fast).toEqual(emitted(() => transport.log({ ...record }, () => {})));
    expect(fast[0]).toMatchObject({ attributes: { password: '[REDACTED]', status: 200 } });
  });

  it('defers to the library for records it did not build and for exception-carrying ones', () => {
    const foreign: Info = { level: 'info', message: 'hi', [LEVEL]: 'info' };
    expect(emitBuiltRecord(transport, foreign)).toBe(false);
    const withError = built('error', 'failed', { error: new Error('boom') });
    expect(withError[BUILT_RECORD]).toBe(true);
    expect(emitBuiltRecord(transport, withError)).toBe(false);
    const mapped = new OpenTelemetryTransportV3({ severityMapping: { info: 10 } });
    expect(emitBuiltRecord(mapped, built('info', 'mapped', {}))).toBe(false);
  });

  it('honours the transport minimum severity like the library does', () => {
    const errorsOnly = new OpenTelemetryTransportV3({ logSeverity: 17 });
    expect(emitted(() => emitBuiltRecord(errorsOnly, built('info', 'dropped', {})))).toEqual([]);
    expect(emitted(() => emitBuiltRecord(errorsOnly, built('error', 'kept', {})))).toHaveLength(1);
  });

  it('is the path a Sightline logger takes', () => {
    const calls: unknown[] = [];
    const original = transport.log.bind(transport);
    transport.log = (info: unknown, next: () => void) => {
      calls.push(info);
      original(info, next);
    };
    try {
      const records = emitted(() => logger.info('direct', { orderId: 'o-1' }));
      expect(records).toMatchObject([{ body: 'direct', attributes: { orderId: 'o-1' } }]);
      expect(calls).toEqual([]);
      emitted(() => logger.error('with error', { error: new Error('boom') }));
      expect(calls).toHaveLength(1);
    } finally {
      transport.log = original;
    }
  });
});
