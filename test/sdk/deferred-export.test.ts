// Exports never run inside the call that filled a batch (span.end()/emit() of a request), and are
// serialised in chunks so requests interleave (issue #16, goal 1).
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { DeferredSpanExporter } from '../../src/sdk/lazy-exporters.js';

function recordingExporter(fail = false) {
  const batches: number[] = [];
  const exporter: SpanExporter = {
    export(spans, done) {
      batches.push(spans.length);
      done(fail ? { code: ExportResultCode.FAILED, error: new Error('down') } : { code: 0 });
    },
    shutdown: async () => {},
  };
  return { exporter, batches };
}

const spans = (n: number) => Array.from({ length: n }, () => ({}) as ReadableSpan);

describe('deferred, chunked export', () => {
  it('returns before anything is serialised, then exports in chunks of at most 128', async () => {
    const { exporter, batches } = recordingExporter();
    const deferred = new DeferredSpanExporter(() => exporter);
    const result = new Promise<ExportResult>((resolve) => deferred.export(spans(512), resolve));
    expect(batches).toEqual([]); // nothing ran inside the caller's turn
    expect((await result).code).toBe(ExportResultCode.SUCCESS);
    expect(batches).toEqual([128, 128, 128, 128]);
  });

  it('stops at the first failed chunk and reports it once', async () => {
    const { exporter, batches } = recordingExporter(true);
    const failures: unknown[] = [];
    const deferred = new DeferredSpanExporter(() => exporter, {
      signal: 'traces',
      observer: { failed: (_s, e) => failures.push(e), delivered: () => {} },
    });
    const result = await new Promise<ExportResult>((resolve) =>
      deferred.export(spans(300), resolve),
    );
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(batches).toEqual([128]);
    expect(failures).toHaveLength(1);
  });
});
