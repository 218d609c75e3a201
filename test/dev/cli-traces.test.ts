// The built `sightline-dev` bin, fed spans in the batches a real app's exporter would send.
import { describe, expect, it } from 'vitest';
import { SpanKind, context, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { run, until, urlOf } from './cli-helpers.js';
import { resource } from './fixtures.js';

/** Finished spans of one trace, made in memory so a test can send them in the batches it wants. */
function makeTrace() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('cli-test');
  const span = (name: string, kind: SpanKind, parent?: ReturnType<typeof tracer.startSpan>) =>
    tracer.startSpan(name, { kind }, parent ? trace.setSpan(context.active(), parent) : undefined);
  return {
    exporter,
    span,
    byName: (name: string) => exporter.getFinishedSpans().find((s) => s.name === name)!,
  };
}

async function send(url: string, spans: ReadableSpan[]): Promise<void> {
  const res = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-protobuf' },
    body: ProtobufTraceSerializer.serializeRequest(spans),
  });
  expect(res.status).toBe(200);
}

const count = (text: string, part: string): number => text.split(part).length - 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sightline-dev prints each trace once', () => {
  it('waits for the root span when a trace arrives in two batches', async () => {
    const cli = run(['--port', '0', '--no-file']);
    const url = await urlOf(cli);
    // The demo's shape: the service calls an in-process upstream, whose SERVER span ends (and
    // is exported) before the root; the root comes in the app's next batch.
    const t = makeTrace();
    const root = t.span('GET /upstream', SpanKind.SERVER);
    const client = t.span('GET', SpanKind.CLIENT, root);
    const nested = t.span('GET /stock', SpanKind.SERVER, client);
    nested.end();
    await send(url, [t.byName('GET /stock')]);
    await sleep(800);
    client.end();
    root.end();
    await send(url, [t.byName('GET'), t.byName('GET /upstream')]);

    const traceId = root.spanContext().traceId;
    await until('the waterfall', () => (cli.out().includes(`trace ${traceId}`) ? true : undefined));
    await sleep(1_500); // nothing more may follow
    const out = cli.out();
    expect(count(out, `trace ${traceId}`)).toBe(1);
    expect(out).not.toContain('(updated)');
    const block = out.slice(out.indexOf(`trace ${traceId}`));
    expect(block.split('\n')[0]).toContain('GET /upstream  ');
    expect(block).toMatch(/└─ GET\s+CLIENT[^\n]*\n\s+└─ GET \/stock\s+SERVER/);
  });

  it('prints spans that arrive after the trace on their own, as a continuation', async () => {
    const cli = run(['--port', '0', '--no-file']);
    const url = await urlOf(cli);
    const t = makeTrace();
    const root = t.span('POST /orders', SpanKind.SERVER);
    const audit = t.span('audit write', SpanKind.INTERNAL, root);
    const load = t.span('load order', SpanKind.INTERNAL, root);
    load.end();
    root.end();
    await send(url, [t.byName('load order'), t.byName('POST /orders')]);
    const traceId = root.spanContext().traceId;
    await until('the waterfall', () => (cli.out().includes(`trace ${traceId}`) ? true : undefined));
    audit.end(); // fire-and-forget work that outlives the request
    await send(url, [t.byName('audit write')]);
    const continued = await until('the continuation', () => {
      const out = cli.out();
      const at = out.indexOf(`trace ${traceId}  (continued)`);
      return at >= 0 && out.includes('audit write', at) ? out.slice(at) : undefined;
    });
    expect(continued.split('\n')[0]).toBe(
      `trace ${traceId}  (continued)  1 late span  of POST /orders`,
    );
    expect(continued.split('\n')[1]).toMatch(/^audit write\s+INTERNAL.*\(under POST \/orders\)$/);
    expect(count(cli.out(), 'load order')).toBe(1);
    expect(count(cli.out(), `trace ${traceId}`)).toBe(2);
  });
});
