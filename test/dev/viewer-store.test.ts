// The viewer's memory and what it makes of a trace: caps, summaries, errors and filters.
import { describe, expect, it } from 'vitest';
import type { ReceivedLog, ReceivedSpan } from '../../src/dev/model.js';
import { Ring } from '../../src/dev/web/ring.js';
import { TelemetryStore } from '../../src/dev/web/store.js';
import { summarise } from '../../src/dev/web/summary.js';
import { groupErrors, withCatalog } from '../../src/dev/web/errors-view.js';
import { loadCatalog } from '../../src/dev/web/catalog.js';
import {
  logFilterFrom,
  matchesLog,
  matchesTrace,
  traceFilterFrom,
} from '../../src/dev/web/query.js';

const T0 = 1_700_000_000_000_000_000n;
const ms = (n: number): bigint => T0 + BigInt(Math.round(n * 1e6));
const TRACE = 'a'.repeat(32);

function span(over: Partial<ReceivedSpan> & { spanId: string }): ReceivedSpan {
  const start = over.startTimeUnixNano ?? ms(0);
  const end = over.endTimeUnixNano ?? ms(10);
  return {
    traceId: TRACE,
    name: 'op',
    kind: 'INTERNAL',
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: Number(end - start) / 1e6,
    attributes: {},
    events: [],
    links: [],
    status: { code: 'UNSET' },
    resource: { 'service.name': 'api' },
    scope: { name: 'test' },
    ...over,
  };
}

function log(over: Partial<ReceivedLog> = {}): ReceivedLog {
  return {
    timeUnixNano: ms(5),
    observedTimeUnixNano: ms(5),
    severityNumber: 9,
    severityText: 'INFO',
    body: 'hello',
    attributes: {},
    resource: { 'service.name': 'api' },
    scope: { name: 'winston' },
    ...over,
  };
}

const exception = (code: string, severity: string, message = 'boom') => ({
  name: 'exception',
  timeUnixNano: ms(3),
  attributes: {
    'exception.type': 'Err',
    'exception.message': message,
    'exception.stacktrace': `Err: ${message}\n    at here`,
    'error.type': code,
    'app.error.code': code,
    'app.error.severity': severity,
  },
});

const server = (over: Partial<ReceivedSpan> = {}) =>
  span({
    spanId: '1'.repeat(16),
    name: 'GET /users/:id',
    kind: 'SERVER',
    attributes: {
      'http.route': '/users/:id',
      'http.request.method': 'GET',
      'http.response.status_code': 404,
      'app.request_id': 'req-42',
    },
    ...over,
  });

describe('Ring', () => {
  it('keeps the newest items up to its capacity and counts the dropped', () => {
    const ring = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect([...ring.newestFirst()]).toEqual([5, 4, 3]);
    expect(ring.size).toBe(3);
    expect(ring.dropped).toBe(2);
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});

describe('summarise', () => {
  it('reads root, route, status, duration, request id and the most severe error', () => {
    const child = span({
      spanId: '2'.repeat(16),
      parentSpanId: '1'.repeat(16),
      startTimeUnixNano: ms(2),
      endTimeUnixNano: ms(30),
      events: [exception('USER_NOT_FOUND', 'low'), exception('DB_DOWN', 'high', 'other')],
    });
    const s = summarise(TRACE, [child, server()], [log({ spanId: '2'.repeat(16) })]);
    expect(s).toMatchObject({
      name: 'GET /users/:id',
      route: '/users/:id',
      method: 'GET',
      statusCode: 404,
      statusClass: '4xx',
      durationMs: 30,
      spanCount: 2,
      logCount: 1,
      hasRoot: true,
      missingParents: 0,
      requestIds: ['req-42'],
      error: { code: 'DB_DOWN', severity: 'high', type: 'Err', count: 2 },
    });
  });

  it('counts one error recorded on two spans and as a log record once', () => {
    const child = span({
      spanId: '2'.repeat(16),
      parentSpanId: '1'.repeat(16),
      events: [exception('USER_NOT_FOUND', 'low')],
    });
    const root = server({ events: [exception('USER_NOT_FOUND', 'low')] });
    const record = log({ attributes: { ...exception('USER_NOT_FOUND', 'low').attributes } });
    const s = summarise(TRACE, [child, root], [record]);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]).toMatchObject({ code: 'USER_NOT_FOUND', route: '/users/:id' });
  });

  it('is honest about a missing root: the orphan stands in, and is counted', () => {
    const orphan = span({ spanId: '3'.repeat(16), parentSpanId: '9'.repeat(16), name: 'SELECT' });
    const s = summarise(TRACE, [orphan], []);
    expect(s).toMatchObject({
      name: 'SELECT',
      hasRoot: false,
      missingParents: 1,
      statusClass: 'none',
    });
  });

  it('marks a failed span without an exception event as an error of the trace', () => {
    const failed = server({
      status: { code: 'ERROR', message: 'socket hang up' },
      attributes: { 'error.type': 'ECONNRESET' },
    });
    const s = summarise(TRACE, [failed], []);
    expect(s.error).toMatchObject({ code: 'ECONNRESET', count: 1 });
    expect(s.errors[0]).toMatchObject({ source: 'span', message: 'socket hang up' });
  });
});

describe('TelemetryStore', () => {
  it('keeps at most maxTraces, forgetting the first seen', () => {
    const store = new TelemetryStore({ maxTraces: 2 });
    for (const id of ['1', '2', '3']) {
      store.add({
        signal: 'traces',
        records: [span({ traceId: id.repeat(32), spanId: '1'.repeat(16) })],
      });
    }
    expect([...store.traces()].map((t) => t.traceId[0])).toEqual(['2', '3']);
    expect(store.droppedTraces).toBe(1);
  });

  it('caps spans per trace and log records, counting what it drops', () => {
    const store = new TelemetryStore({ maxSpansPerTrace: 2, maxLogs: 3 });
    const spans = ['1', '2', '3'].map((n) => span({ spanId: n.repeat(16) }));
    store.add({ signal: 'traces', records: spans });
    store.add({
      signal: 'logs',
      records: [1, 2, 3, 4].map((n) => log({ body: `m${n}`, traceId: TRACE })),
    });
    const trace = store.trace(TRACE);
    expect(trace?.spans).toHaveLength(2);
    expect(trace?.droppedSpans).toBe(1);
    expect(trace?.logs).toHaveLength(3);
    expect([...store.logs.newestFirst()].map((l) => l.body)).toEqual(['m4', 'm3', 'm2']);
  });

  it('lists traces with spans only, newest start first, and refreshes a summary when spans arrive', () => {
    const store = new TelemetryStore();
    store.add({ signal: 'logs', records: [log({ traceId: 'f'.repeat(32) })] });
    store.add({
      signal: 'traces',
      records: [span({ spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16) })],
    });
    expect(store.summaries().map((s) => s.hasRoot)).toEqual([false]);
    store.add({ signal: 'traces', records: [server()] });
    expect(store.summaries()).toHaveLength(1);
    expect(store.summaries()[0]).toMatchObject({ hasRoot: true, spanCount: 2 });
    expect(() => new TelemetryStore({ maxTraces: 0 })).toThrow(/maxTraces/);
  });
});

describe('error groups', () => {
  it('groups by code and route with counts, worst severity, last seen, examples and catalog entries', async () => {
    const store = new TelemetryStore();
    for (const [i, code] of ['RESOURCE_NOT_FOUND', 'RESOURCE_NOT_FOUND', 'MY_OWN_CODE'].entries()) {
      const traceId = String(i + 1).repeat(32);
      store.add({
        signal: 'traces',
        records: [server({ traceId, events: [exception(code, i === 1 ? 'medium' : 'low')] })],
      });
    }
    store.add({
      signal: 'logs',
      records: [
        log({ attributes: { 'app.error.code': 'INTERNAL_ERROR', 'exception.message': 'x' } }),
      ],
    });
    const groups = withCatalog(groupErrors(store), await loadCatalog());
    const notFound = groups.find((g) => g.code === 'RESOURCE_NOT_FOUND');
    expect(notFound).toMatchObject({
      route: '/users/:id',
      count: 2,
      severity: 'medium',
      types: ['Err'],
    });
    expect(notFound?.examples).toHaveLength(2);
    expect(notFound?.catalog).toMatchObject({ title: 'Resource not found', status: 404 });
    expect(notFound?.catalog?.runbook?.actions.length).toBeGreaterThan(0);
    expect(groups.find((g) => g.code === 'MY_OWN_CODE')?.catalog).toBeUndefined();
    expect(groups.find((g) => g.code === 'INTERNAL_ERROR')).toMatchObject({
      route: '(no trace)',
      count: 1,
    });
  });
});

describe('filters', () => {
  const summary = summarise(TRACE, [server({ events: [exception('USER_NOT_FOUND', 'low')] })], []);
  const match = (query: string) =>
    matchesTrace(summary, traceFilterFrom(new URLSearchParams(query)));

  it.each([
    ['service=api', true],
    ['service=web', false],
    ['route=/users/:id', true],
    ['route=/orders', false],
    ['status=4xx', true],
    ['status=5xx', false],
    ['status=error', true],
    ['code=USER_NOT_FOUND', true],
    ['code=OTHER', false],
    ['severity=low', true],
    ['severity=high', false],
    ['minMs=5', true],
    ['minMs=50', false],
    [`q=${TRACE.slice(0, 8)}`, true],
    ['q=REQ-4', true],
    ['q=nope', false],
  ])('trace filter %s → %s', (query, expected) => {
    expect(match(query)).toBe(expected);
  });

  it('filters log records by minimum severity, service, trace and text in body or attributes', () => {
    const record = log({
      severityNumber: 13,
      body: { message: 'slow query' },
      attributes: { table: 'users' },
      traceId: TRACE,
    });
    const m = (query: string) => matchesLog(record, logFilterFrom(new URLSearchParams(query)));
    expect(m('severity=warn')).toBe(true);
    expect(m('severity=error')).toBe(false);
    expect(m('severity=bogus')).toBe(true);
    expect(m('service=api')).toBe(true);
    expect(m(`traceId=${TRACE.toUpperCase()}`)).toBe(true);
    expect(m('q=SLOW')).toBe(true);
    expect(m('q=users')).toBe(true);
    expect(m('q=orders')).toBe(false);
  });
});
