import { diag, type Context } from '@opentelemetry/api';
import type { LogBody } from '@opentelemetry/api-logs';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { getDefaultRedactor } from '../core/redaction/index.js';
import type { Redactor } from '../core/redaction/index.js';
import { SIGHTLINE_SCOPE } from '../core/telemetry/attributes.js';
import { isMarkedRedacted } from '../core/telemetry/redacted-records.js';

/**
 * Redacts log records from every other source — pino, bunyan, direct `logs` API calls, an app's
 * own winston logger when the SDK's winston redaction is not active — with the policy
 * Sightline's logger uses: body and attributes (including `exception.message`/
 * `exception.stacktrace`), as `redactor.value` does for the logger's message and metadata.
 *
 * Records Sightline already redacted are left alone: those of its logger and of an app's
 * winston loggers under the SDK (redacted by their format, `redactingFormat`, for every
 * transport; both marked in their context, see `markRedacted`) and its own `sightline`-scope
 * records (`recordError`).
 *
 * **Register it first**, before the exporting processor: processors see the record in order.
 * Without a redactor it uses the process-wide default (`getDefaultRedactor()`) at each record.
 *
 * @example
 * ```ts
 * const provider = new LoggerProvider({
 *   processors: [
 *     new RedactingLogRecordProcessor(),
 *     new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() }),
 *   ],
 * });
 * ```
 */
export class RedactingLogRecordProcessor implements LogRecordProcessor {
  private readonly _redactor: Redactor | undefined;

  constructor(redactor?: Redactor) {
    this._redactor = redactor;
  }

  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    if (isMarkedRedacted(context) || record.instrumentationScope.name === SIGHTLINE_SCOPE) return;
    const redactor = this._redactor ?? getDefaultRedactor();
    // The Redactor never throws; the guard covers hostile record implementations.
    try {
      if (record.body !== undefined) record.setBody(redactor.value(record.body) as LogBody);
      replaceAttributes(record.attributes, redactor);
    } catch (error) {
      // Never break the app (DESIGN principle 2); say so, since the record may be unredacted.
      diag.warn('sightline: RedactingLogRecordProcessor could not redact a log record', error);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

// The record's attributes are read-only in type only; replacing them in place is how a
// processor changes what the exporting processor (registered after it) receives.
function replaceAttributes(target: object, redactor: Redactor): void {
  const mutable = target as Record<string, unknown>;
  const redacted = redactor.value(mutable) as Record<string, unknown>;
  for (const key of Object.keys(mutable)) {
    if (!Object.hasOwn(redacted, key)) delete mutable[key];
  }
  for (const key of Object.keys(redacted)) {
    if (mutable[key] !== redacted[key]) mutable[key] = redacted[key];
  }
}
