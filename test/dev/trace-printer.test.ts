import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TracePrinter } from '../../src/dev/trace-printer.js';
import type { ReceivedLog, ReceivedSpan } from '../../src/dev/model.js';

const T = 'a'.repeat(32);
let n = 0;
function span(name: string, parentSpanId?: string, traceId = T): ReceivedSpan {
  const start = 1_700_000_000_000_000_000n + BigInt(n++) * 1_000_000n;
  return {
    traceId,
    spanId: name.replace(/\W/g, '').padEnd(16, '0').slice(0, 16),
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind: parentSpanId ? 'INTERNAL' : 'SERVER',
    startTimeUnixNano: start,
    endTimeUnixNano: start + 2_000_000n,
    durationMs: 2,
    attributes: {},
    events: [],
    links: [],
    status: { code: 'UNSET' },
    resource: {},
    scope: { name: 'test' },
  };
}
function log(body: string, traceId?: string): ReceivedLog {
  return {
    timeUnixNano: 1_700_000_000_001_000_000n,
    observedTimeUnixNano: 0n,
    severityNumber: 9,
    severityText: 'INFO',
    body,
    attributes: {},
    resource: {},
    scope: { name: 'test' },
    ...(traceId ? { traceId } : {}),
  };
}

let spans: ReceivedSpan[];
let logs: ReceivedLog[];
let out: string;
let printer: TracePrinter;
const traces = (records: ReceivedSpan[]) => {
  spans.push(...records);
  printer.onBatch({ signal: 'traces', records });
};
const logBatch = (records: ReceivedLog[]) => {
  logs.push(...records);
  printer.onBatch({ signal: 'logs', records });
};
const blocks = () => out.split('\n\n').filter((b) => b.startsWith('trace '));

beforeEach(() => {
  vi.useFakeTimers();
  spans = [];
  logs = [];
  out = '';
  printer = new TracePrinter(
    { spans, logs },
    { write: (text) => void (out += text), color: false, width: 100 },
  );
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TracePrinter', () => {
  const root = span('GET /users/:id');
  const child = span('load user', root.spanId);

  it('prints a trace once, a quiet period after its root arrives, with logs that came first', () => {
    logBatch([log('user loaded', T)]); // logs are exported every 1 s, spans every 5 s
    traces([child]);
    vi.advanceTimersByTime(5_000);
    expect(out).toBe(''); // no root yet: wait for the app's next span batch
    traces([root]);
    vi.advanceTimersByTime(1_100);
    expect(out).toBe('');
    vi.advanceTimersByTime(200);
    expect(blocks()).toHaveLength(1);
    expect(out).toContain('└─ load user');
    expect(out).toContain('user loaded');
    vi.advanceTimersByTime(60_000);
    expect(blocks()).toHaveLength(1);
  });

  it('prints late spans and logs alone, under a (continued) header', () => {
    traces([child, root]);
    vi.advanceTimersByTime(1_200);
    const late = span('audit write', root.spanId);
    traces([late]);
    logBatch([log('audit written', T)]);
    vi.advanceTimersByTime(1_200);
    const [first, second] = blocks();
    expect(first).toContain('load user');
    expect(second?.split('\n')[0]).toBe(
      `trace ${T}  (continued)  1 late span, 1 late log line  of GET /users/:id`,
    );
    expect(second).toContain('audit write');
    expect(second).not.toContain('load user');
    expect(blocks()).toHaveLength(2);
  });

  it('prints a trace whose root never comes after the root wait, once', () => {
    traces([span('orphan', 'ffffffffffffffff')]);
    vi.advanceTimersByTime(5_900);
    expect(out).toBe('');
    vi.advanceTimersByTime(100);
    expect(blocks()).toHaveLength(1);
    expect(out).toContain('(parent ffffffffffffffff not received)');
  });

  it('prints logs whose trace has no spans (not sampled) as plain lines, and untraced logs at once', () => {
    logBatch([log('no trace here')]);
    expect(out).toBe('log  INFO   no trace here\n');
    logBatch([log('unsampled', 'b'.repeat(32))]);
    vi.advanceTimersByTime(6_000);
    expect(out).toBe('log  INFO   no trace here\nlog  INFO   unsampled\n');
  });

  it('prints a trace that keeps receiving data after at most maxWaitMs', () => {
    traces([root]);
    for (let i = 0; i < 12; i++) {
      vi.advanceTimersByTime(900);
      logBatch([log(`tick ${i}`, T)]);
    }
    expect(blocks().length).toBeGreaterThanOrEqual(1);
    expect(blocks()[0]).toContain('tick 0');
  });

  it('prints the trace page of the viewer under each trace and continuation when given traceUrl', () => {
    const linked = new TracePrinter(
      { spans, logs },
      {
        write: (text) => void (out += text),
        color: false,
        traceUrl: (id) => `http://127.0.0.1:4318/traces/${id}`,
      },
    );
    spans.push(child, root);
    linked.onBatch({ signal: 'traces', records: [child, root] });
    vi.advanceTimersByTime(1_200);
    const late = span('audit write', root.spanId);
    spans.push(late);
    linked.onBatch({ signal: 'traces', records: [late] });
    vi.advanceTimersByTime(1_200);
    const link = `open http://127.0.0.1:4318/traces/${T}`;
    expect(blocks().map((b) => b.split('\n').at(-1))).toEqual([link, link]);
  });

  it('flush() prints pending traces at once', () => {
    traces([child, root]);
    printer.flush();
    expect(blocks()).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(blocks()).toHaveLength(1);
  });
});
