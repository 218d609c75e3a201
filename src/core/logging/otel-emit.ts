import type { Logger as OtelLogger } from '@opentelemetry/api-logs';
import type { Context } from '@opentelemetry/api';
import { ATTR_OTEL_EVENT_NAME } from '@opentelemetry/semantic-conventions';
import type { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import { WINSTON_TO_OTEL_SEVERITY, type LogLevel } from './levels.js';
import { LEVEL, OTEL_CONTEXT, type Info } from './safe.js';

/**
 * Marks a record built by Sightline's format: a fresh, redacted, JSON-safe object (plain
 * objects, arrays and primitives only; no cycles, no Error instances), so the OTel record can
 * take its values as they are.
 *
 * @example
 * ```ts
 * record[BUILT_RECORD] = true;
 * ```
 */
export const BUILT_RECORD = Symbol('sightline.logging.built');

// The transport's own state, read only if it has the shape of the pinned version (0.34).
interface TransportInternals {
  _logger?: OtelLogger;
  _severityMapping?: unknown;
  _logSeverity?: number;
}

/**
 * Emits a Sightline-built record through an `OpenTelemetryTransportV3`'s own OTel logger, with
 * the attributes, body, severity and context its `log()` would produce, minus its defensive
 * work: `log()` copies the record twice (object rest) and deep-copies every value to normalise
 * Errors and cycles, which a built record cannot contain — about a fifth of a log call. Returns
 * `false`, emitting nothing, whenever the library's own path must decide: a record not built
 * here, one carrying an exception (`error`, `err`, a `stack`) or an event name, a transport
 * with a custom severity mapping, or a transport whose internals do not look as expected.
 *
 * @example
 * ```ts
 * if (!emitBuiltRecord(transport, record)) transport.log(record, () => {});
 * ```
 */
export function emitBuiltRecord(transport: OpenTelemetryTransportV3, record: Info): boolean {
  if (record[BUILT_RECORD] !== true || carriesException(record)) return false;
  const internals = transport as unknown as TransportInternals;
  const logger = internals._logger;
  if (typeof logger?.emit !== 'function' || internals._severityMapping !== undefined) return false;
  const level = record[LEVEL];
  const severityNumber = WINSTON_TO_OTEL_SEVERITY[level as LogLevel];
  if (severityNumber === undefined) return false;
  if (internals._logSeverity != null && severityNumber < internals._logSeverity) return true;
  // Every own key but `level` and `message`. The transport also leaves out `trace_id`, `span_id`
  // and `trace_flags`, which a built record never has (the format reserves them).
  const attributes: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (key !== 'level' && key !== 'message') attributes[key] = record[key];
  }
  logger.emit({
    severityNumber,
    severityText: level as string,
    body: record['message'] as string,
    attributes: attributes as never,
    context: record[OTEL_CONTEXT] as Context,
  });
  transport.emit('logged', record);
  return true;
}

function carriesException(record: Info): boolean {
  return (
    record['error'] !== undefined ||
    record['err'] !== undefined ||
    typeof record['stack'] === 'string' ||
    record[ATTR_OTEL_EVENT_NAME] !== undefined
  );
}
