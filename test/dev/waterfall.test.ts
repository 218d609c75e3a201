import { describe, expect, it } from 'vitest';
import { groupByTrace, renderContinuation, renderTrace } from '../../src/dev/waterfall.js';
import type { ReceivedLog, ReceivedSpan } from '../../src/dev/model.js';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const BASE = 1_700_000_000_000_000_000n;
const at = (msOffset: number): bigint => BASE + BigInt(Math.round(msOffset * 1e6));

function span(
  partial: Partial<ReceivedSpan> & { spanId: string; name: string; from: number; to: number },
): ReceivedSpan {
  const { from, to, ...rest } = partial;
  return {
    traceId: T,
    kind: 'INTERNAL',
    startTimeUnixNano: at(from),
    endTimeUnixNano: at(to),
    durationMs: to - from,
    attributes: {},
    events: [],
    links: [],
    status: { code: 'UNSET' },
    resource: { 'service.name': 'users-api' },
    scope: { name: 'test' },
    ...rest,
  };
}

function log(partial: Partial<ReceivedLog> & { atMs: number }): ReceivedLog {
  const { atMs, ...rest } = partial;
  return {
    timeUnixNano: at(atMs),
    observedTimeUnixNano: at(atMs),
    severityNumber: 9,
    severityText: 'INFO',
    body: '',
    attributes: {},
    resource: {},
    scope: { name: 'winston' },
    traceId: T,
    ...rest,
  };
}

// Listed out of order on purpose: the renderer must order by tree, then start time.
const spans: ReceivedSpan[] = [
  span({
    spanId: 'c2',
    parentSpanId: 'root',
    name: 'SELECT users',
    kind: 'CLIENT',
    from: 2,
    to: 6,
    status: { code: 'ERROR', message: 'not found' },
    events: [
      {
        name: 'exception',
        timeUnixNano: at(5),
        attributes: {
          'exception.type': 'UserNotFoundError',
          'exception.message': 'User not found',
          'error.type': 'USER_NOT_FOUND',
          'app.error.severity': 'low',
        },
      },
    ],
  }),
  span({
    spanId: 'root',
    name: 'GET /users/:id',
    kind: 'SERVER',
    from: 0,
    to: 10,
    attributes: {
      'http.route': '/users/:id',
      'http.response.status_code': 404,
      'error.type': 'USER_NOT_FOUND',
      'http.request.method': 'GET',
    },
  }),
  span({ spanId: 'c1', parentSpanId: 'root', name: 'auth', from: 0.5, to: 1.5 }),
  span({
    spanId: 'g1',
    parentSpanId: 'c1',
    name: 'verify token',
    from: 0.6,
    to: 1,
    events: [{ name: 'cache.miss', timeUnixNano: at(0.8), attributes: {} }],
  }),
];

const logs: ReceivedLog[] = [
  log({
    atMs: 9,
    severityText: 'warn',
    severityNumber: 13,
    body: 'Request completed',
    spanId: 'root',
  }),
  log({ atMs: 5, severityText: '', severityNumber: 17, body: { message: 'lookup failed', id: 7 } }),
  log({ atMs: 1, traceId: 'ffffffffffffffffffffffffffffffff', body: 'other trace' }),
];

describe('renderTrace', () => {
  it('renders the tree, bars, durations, kinds, status, key attributes, events and logs', () => {
    const out = renderTrace(spans, { logs, width: 100, color: false });
    const lines = out.split('\n');
    // Tree order: root, then children by start time, grandchildren under their parent.
    expect(lines.map((l) => /^[│├└─ ]*(\S.*?)(?:\s{2}|$)/.exec(l)?.[1])).toEqual([
      'trace 4bf92f3577b34da6a3ce929d0e0e4736',
      'GET /users/:id',
      'auth',
      'verify token',
      '• cache.miss +0.2 ms',
      'SELECT users',
      '⚡ exception USER_NOT_FOUND (low) "User not found"',
      'logs',
      '+5 ms',
      '+9 ms',
    ]);
    expect(lines[5]).toContain('✖ ERROR "not found"');
    expect(lines.filter((l) => l.includes('ERROR'))).toHaveLength(2); // the span and the log line
    expect(out).not.toContain('other trace');
    expect(out).toMatchInlineSnapshot(`
      "trace 4bf92f3577b34da6a3ce929d0e0e4736  GET /users/:id  10 ms  4 spans  service users-api
      GET /users/:id      SERVER    ████████████████████████████████      10 ms  http.route=/users/:id http.response.status_code=404 error.type=USER_NOT_FOUND
      ├─ auth             INTERNAL   ████                                  1 ms
      │  └─ verify token  INTERNAL   ███                                 0.4 ms
      │       • cache.miss +0.2 ms
      └─ SELECT users     CLIENT          ██████████████                   4 ms  ✖ ERROR "not found"
           ⚡ exception USER_NOT_FOUND (low) "User not found"
      logs
           +5 ms  ERROR  lookup failed
           +9 ms  WARN   Request completed  (GET /users/:id)"
    `);
  });

  it('emits ANSI colors only when asked', () => {
    expect(renderTrace(spans, { logs, width: 100, color: false })).not.toContain('\u001b[');
    const colored = renderTrace(spans, { logs, width: 100, color: true });
    expect(colored).toContain('\u001b[31m✖ ERROR');
  });

  it('treats spans whose parent never arrived as roots and says so', () => {
    const orphan = span({ spanId: 'o1', parentSpanId: 'gone', name: 'orphan', from: 0, to: 1 });
    const out = renderTrace([orphan], { color: false, width: 80 });
    expect(out.split('\n')[1]).toMatch(
      /^orphan\s+INTERNAL\s+█+\s+1 ms {2}\(parent gone not received\)$/,
    );
  });

  it('renders a placeholder for an empty trace', () => {
    expect(renderTrace([], { color: false })).toBe('(no spans)');
  });
});

describe('renderContinuation', () => {
  it('shows only what arrived late, labelled, on the first print’s time axis', () => {
    const late = span({
      spanId: 'late',
      parentSpanId: 'root',
      name: 'audit write',
      from: 8,
      to: 12,
    });
    const lateLog = log({ atMs: 11, body: 'audit written', spanId: 'late' });
    const out = renderContinuation([...spans, late], [late], {
      logs: [lateLog],
      width: 100,
      color: false,
    });
    expect(out.split('\n')).toEqual([
      'trace 4bf92f3577b34da6a3ce929d0e0e4736  (continued)  1 late span, 1 late log line  of GET /users/:id',
      expect.stringMatching(
        /^audit write {2}INTERNAL {2}\s+█+ +4 ms {2}\(under GET \/users\/:id\)$/,
      ),
      'logs',
      '    +11 ms  INFO   audit written  (audit write)',
    ]);
    expect(out).not.toContain('SELECT users');
  });

  it('can carry late log lines alone', () => {
    const out = renderContinuation(spans, [], {
      logs: [log({ atMs: 20, body: 'cleanup done' })],
      color: false,
    });
    expect(out.split('\n')[0]).toContain('(continued)  1 late log line  of GET /users/:id');
    expect(out).toContain('+20 ms  INFO   cleanup done');
  });
});

describe('groupByTrace', () => {
  it('groups by trace id in first-seen order', () => {
    const other = span({ spanId: 'x', name: 'x', from: 0, to: 1, traceId: 'b'.repeat(32) });
    const groups = groupByTrace([spans[0] as ReceivedSpan, other, spans[1] as ReceivedSpan]);
    expect([...groups.keys()]).toEqual([T, 'b'.repeat(32)]);
    expect(groups.get(T)?.map((s) => s.spanId)).toEqual(['c2', 'root']);
  });
});
