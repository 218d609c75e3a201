import { SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordError } from '../../src/core/telemetry/index.js';
import { credentialAssignmentDetector } from '../../src/core/redaction/detectors/index.js';
import {
  createRedactor,
  getDefaultRedactor,
  setDefaultRedactor,
} from '../../src/core/redaction/index.js';
import { RedactingSpanProcessor } from '../../src/sdk/redacting-span-processor.js';
import { FAKE } from './helpers.js';

function setup(processors: SpanProcessor[]): {
  exporter: InMemorySpanExporter;
  provider: BasicTracerProvider;
} {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [...processors, new SimpleSpanProcessor(exporter)],
  });
  return { exporter, provider };
}

describe('RedactingSpanProcessor', () => {
  const original = getDefaultRedactor();
  afterEach(() => setDefaultRedactor(original));

  it('redacts span, event and link attributes and the status message before export', async () => {
    const { exporter, provider } = setup([new RedactingSpanProcessor(createRedactor())]);
    const tracer = provider.getTracer('test');
    const linked = tracer.startSpan('linked');
    linked.end();
    const span = tracer.startSpan('GET /users/:id', {
      attributes: {
        'url.full': 'https://api.example.com/users/1?token=abc&x=1',
        'client.address': '203.0.113.7',
        'app.password': 'hunter2',
        'app.note': 'contact jane@example.com',
      },
      links: [{ context: linked.spanContext(), attributes: { 'app.session_id': 's-1' } }],
    });
    span.addEvent('exception', {
      'exception.type': 'Error',
      'exception.message': `login failed for jane@example.com with ${FAKE.jwt}`,
      'exception.stacktrace': 'Error: login failed for jane@example.com\n    at x',
    });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed for jane@example.com' });
    span.end();
    await provider.forceFlush();

    const exported = exporter.getFinishedSpans().find((s) => s.name === 'GET /users/:id');
    expect(exported).toBeDefined();
    const { attributes, events, links, status } = exported as ReadableSpan;
    expect(attributes).toEqual({
      'url.full': 'https://api.example.com/users/1?token=REDACTED&x=1',
      'client.address': '203.0.113.7',
      'app.password': '[REDACTED]',
      'app.note': 'contact [EMAIL]',
    });
    expect(events[0]?.attributes).toEqual({
      'exception.type': 'Error',
      'exception.message': 'login failed for [EMAIL] with [JWT]',
      'exception.stacktrace': 'Error: login failed for [EMAIL]\n    at x',
    });
    expect(links[0]?.attributes).toEqual({ 'app.session_id': '[REDACTED]' });
    expect(status.message).toBe('failed for [EMAIL]');
    await provider.shutdown();
  });

  it('removes attributes outside the allow-list in place', async () => {
    const redactor = createRedactor({ allowedAttributeKeys: ['http.route'] });
    const { exporter, provider } = setup([new RedactingSpanProcessor(redactor)]);
    const span = provider.getTracer('test').startSpan('s', {
      attributes: { 'http.route': '/x', 'app.internal': 'y' },
    });
    span.end();
    expect(exporter.getFinishedSpans()[0]?.attributes).toEqual({ 'http.route': '/x' });
    await provider.shutdown();
  });

  it('exports unredacted data when registered after the exporter (why order matters)', async () => {
    const exporter = new InMemorySpanExporter();
    const seen: string[] = [];
    const snapshot: SpanProcessor = {
      onStart: () => {},
      onEnding: (span) => {
        seen.push(String(span.attributes['app.password']));
      },
      onEnd: () => {},
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const provider = new BasicTracerProvider({
      spanProcessors: [
        snapshot,
        new RedactingSpanProcessor(createRedactor()),
        new SimpleSpanProcessor(exporter),
      ],
    });
    const span = provider.getTracer('test').startSpan('s', { attributes: { 'app.password': 'p' } });
    span.end();
    // A processor that reads in onEnding before this one sees the raw value; exporters that
    // read in onEnd (Simple/Batch) see the redacted one.
    expect(seen).toEqual(['p']);
    expect(exporter.getFinishedSpans()[0]?.attributes['app.password']).toBe('[REDACTED]');
    await provider.shutdown();
  });

  it('redacts in onEnd when onEnding was not called, and never twice', () => {
    let calls = 0;
    const counting = createRedactor();
    const redactor = {
      ...counting,
      attributes: (attributes: Parameters<typeof counting.attributes>[0]) => {
        calls++;
        return counting.attributes(attributes);
      },
    };
    const processor = new RedactingSpanProcessor(redactor);
    const span = {
      attributes: { 'app.token': 't' },
      events: [],
      links: [],
      status: { code: SpanStatusCode.UNSET },
    } as unknown as ReadableSpan;
    processor.onEnd(span);
    expect(span.attributes).toEqual({ 'app.token': '[REDACTED]' });
    expect(calls).toBe(1);

    const other = { ...span, attributes: { 'app.token': 'u' } } as unknown as ReadableSpan;
    processor.onEnding(other as never);
    processor.onEnd(other);
    expect(calls).toBe(2);
  });

  it('uses the default redactor at span time when constructed without one', async () => {
    const { exporter, provider } = setup([new RedactingSpanProcessor()]);
    setDefaultRedactor(createRedactor({ keys: ['pin'] }));
    const span = provider.getTracer('test').startSpan('s', { attributes: { 'app.pin': '1234' } });
    span.end();
    expect(exporter.getFinishedSpans()[0]?.attributes['app.pin']).toBe('[REDACTED]');
    await provider.shutdown();
  });

  it('does not throw on a malformed span', () => {
    const processor = new RedactingSpanProcessor(createRedactor());
    expect(() => processor.onEnd({} as ReadableSpan)).not.toThrow();
  });

  describe('a recorded error (redacted by recordError, then by this processor)', () => {
    const throwAndRecord = async (): Promise<ReadableSpan> => {
      const { exporter, provider } = setup([new RedactingSpanProcessor()]);
      const span = provider.getTracer('test').startSpan('GET /db');
      recordError(new Error('db password=hunter2 at 10.1.2.3'), { span });
      span.end();
      const exported = exporter.getFinishedSpans()[0] as ReadableSpan;
      await provider.shutdown();
      return exported;
    };

    it('shows password=[REDACTED] exactly once, with no stray bracket', async () => {
      const exported = await throwAndRecord();
      const event = exported.events.find((e) => e.name === 'exception');
      const message = event?.attributes?.['exception.message'];
      const stack = String(event?.attributes?.['exception.stacktrace']);
      expect(message).toBe('db password=[REDACTED] at [IP]');
      expect(stack).toContain('Error: db password=[REDACTED] at [IP]\n');
      expect(stack).not.toContain(']]');
      expect(stack).not.toContain('hunter2');
      expect(exported.status.message).toBe('db password=[REDACTED] at [IP]');
    });

    it('is not scanned again by the processor (the redactor knows its own outputs)', async () => {
      setDefaultRedactor(createRedactor());
      const scan = vi.spyOn(credentialAssignmentDetector, 'scan');
      try {
        const { exporter, provider } = setup([new RedactingSpanProcessor()]);
        const span = provider.getTracer('test').startSpan('GET /db');
        recordError(new Error('db password=hunter2 at 10.1.2.3'), { span });
        const scansByRecordError = scan.mock.calls.length;
        expect(scansByRecordError).toBeGreaterThan(0);
        span.end();
        expect(scan.mock.calls.length).toBe(scansByRecordError);
        expect(exporter.getFinishedSpans()[0]?.events[0]?.attributes?.['exception.message']).toBe(
          'db password=[REDACTED] at [IP]',
        );
        await provider.shutdown();
      } finally {
        scan.mockRestore();
      }
    });
  });
});
