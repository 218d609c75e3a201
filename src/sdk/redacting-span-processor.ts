import { diag, type Attributes, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getDefaultRedactor } from '../core/redaction/index.js';
import type { Redactor } from '../core/redaction/index.js';

/**
 * Redacts a span in place as it ends: span attributes, event attributes (including
 * `exception.message` and `exception.stacktrace`), link attributes and the status message.
 *
 * **Register it first**, before the exporting processor. The SDK calls every processor's
 * `onEnding` before any `onEnd`, and this processor redacts in `onEnding`, so exporters
 * (`SimpleSpanProcessor`, `BatchSpanProcessor`, which read in `onEnd`) only ever see redacted
 * data; a processor that reads in `onEnding` sees redacted data only if registered after this
 * one. `onEnd` redacts too when `onEnding` was not called (older SDKs), never twice.
 *
 * Without a redactor it uses the process-wide default (`getDefaultRedactor()`) at each span.
 * Text already redacted on its way here (the exception message and stack `recordError` wrote)
 * is left as it is: redaction is idempotent, and a redactor recognises its recent outputs
 * without scanning them again.
 *
 * @example
 * ```ts
 * const provider = new NodeTracerProvider({
 *   spanProcessors: [
 *     new RedactingSpanProcessor(createRedactor({ keys: ['pin'] })),
 *     new BatchSpanProcessor(new OTLPTraceExporter()),
 *   ],
 * });
 * ```
 */
export class RedactingSpanProcessor implements SpanProcessor {
  private readonly _redactor: Redactor | undefined;
  private readonly _redacted = new WeakSet<object>();

  constructor(redactor?: Redactor) {
    this._redactor = redactor;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    this._redact(span);
  }

  onEnd(span: ReadableSpan): void {
    if (this._redacted.has(span)) {
      this._redacted.delete(span);
      return;
    }
    this._redact(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private _redact(span: ReadableSpan): void {
    const redactor = this._redactor ?? getDefaultRedactor();
    // The Redactor never throws; the guard covers hostile span implementations.
    try {
      replaceAttributes(span.attributes, redactor);
      for (const event of span.events) {
        if (event.attributes) replaceAttributes(event.attributes, redactor);
      }
      for (const link of span.links) {
        if (link.attributes) replaceAttributes(link.attributes, redactor);
      }
      const status = span.status as { message?: string };
      if (typeof status.message === 'string' && status.message.length > 0) {
        status.message = redactor.string(status.message);
      }
      this._redacted.add(span);
    } catch (error) {
      // Never break the app (DESIGN principle 2); say so, since the span may be unredacted.
      diag.warn('sightline: RedactingSpanProcessor could not redact a span', error);
    }
  }
}

// ReadableSpan exposes its attribute objects read-only in type only; mutating them in place is
// how a processor changes what later processors and exporters receive.
function replaceAttributes(target: Attributes, redactor: Redactor): void {
  const redacted = redactor.attributes(target);
  const mutable = target as Record<string, unknown>;
  for (const key of Object.keys(mutable)) {
    if (!Object.prototype.hasOwnProperty.call(redacted, key)) delete mutable[key];
  }
  for (const key of Object.keys(redacted)) {
    if (mutable[key] !== redacted[key]) mutable[key] = redacted[key];
  }
}
