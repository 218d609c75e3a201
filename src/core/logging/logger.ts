import { diag } from '@opentelemetry/api';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import winston from 'winston';
import { getDefaultRedactor } from '../redaction/index.js';
import type { Redactor } from '../redaction/types.js';
import { getResourceFacts, resolveServiceName } from '../telemetry/resource-facts.js';
import { TraceLogBuffer, type LogBufferOptions } from './buffer.js';
import { dispatchToTransports, installDirectWrite } from './dispatch.js';
import { installGuards } from './guard.js';
import { NPM_LEVELS, resolveLevel } from './levels.js';
import { LineTransport } from './line-transport.js';
import { createRecordFormat } from './record.js';
import { createJsonRenderer, createPrettyRenderer, type Renderer } from './render.js';
import { describeThrown, type Info } from './safe.js';

// Marks the format as redacting already: the SDK's winston redaction (sdk/winston-redaction.ts,
// `SELF_REDACTING_FORMAT`, the same registry key) leaves this logger's records alone.
const SELF_REDACTING_FORMAT = Symbol.for('sightline.logging.self_redacting');

/**
 * A Sightline logger is a plain winston logger: the whole winston API stays available.
 *
 * @example
 * ```ts
 * const logger: SightlineLogger = createLogger();
 * logger.child({ job: 'sync' }).info('started');
 * ```
 */
export type SightlineLogger = winston.Logger;

/**
 * Options of {@link createLogger}. Code options override environment variables.
 *
 * @example
 * ```ts
 * const options: LoggerOptions = { level: 'debug', serviceName: 'checkout', pretty: true };
 * ```
 */
export interface LoggerOptions {
  /**
   * Minimum level written (winston npm levels). Default: `LOG_LEVEL`, else `info`. Invalid
   * values fall back to `info` with one `diag` warning naming the setting.
   */
  level?: string;
  /**
   * `service.name` on every line. Default: the running SDK's resource `service.name`; without
   * an SDK the same precedence: `OTEL_SERVICE_NAME`, `service.name` in
   * `OTEL_RESOURCE_ATTRIBUTES`, the app's package.json name, `unknown_service:node`.
   */
  serviceName?: string;
  /** Redaction policy applied to message and metadata. Default: the default redactor. */
  redactor?: Redactor;
  /** Where lines are written. Default: `process.stdout`. */
  stream?: NodeJS.WritableStream;
  /** Human-readable lines instead of JSON. Default: `NODE_ENV === 'development'`. */
  pretty?: boolean;
  /**
   * Also emit each record through `OpenTelemetryTransportV3` (exactly once; `false` also
   * removes the one instrumentation-winston adds). Default: true.
   */
  otel?: boolean;
  /**
   * Hold `debug`/`silly` records per trace and write them (marked `buffered: true`) only when
   * an `error` is logged in the same trace. `true` uses the default bounds. Default: off.
   */
  bufferDebugLogs?: boolean | LogBufferOptions;
  /** Fields added to every record (winston `defaultMeta`). */
  defaultMeta?: Record<string, unknown>;
  /** Depth of the `cause` chain serialized for errors. Default 5. */
  maxCauseDepth?: number;
}

/**
 * Creates a winston logger whose records are correlated through the OpenTelemetry context,
 * redacted once, written as one JSON line to `stream`, and exported exactly once as an OTel
 * log record through `@opentelemetry/winston-transport`.
 *
 * Each line: `timestamp` (ISO 8601 UTC), `level`, `message`, `service.name`, then `trace_id`,
 * `span_id`, `trace_flags` of the span active at call time (omitted outside a span),
 * `request_id`/`user_id` when the OTel context (or a request child logger) has them, then the
 * call's redacted metadata. Errors (`error`/`err` fields, an Error as meta or as the message)
 * are serialized with name, message, code, severity, stack and a bounded `cause` chain.
 *
 * Exactly once: if the logger already carries an `OpenTelemetryTransportV3` (added by
 * instrumentation-winston, whose log sending the SDK leaves on so that an app's own winston
 * loggers are exported too), no second one is added; with `otel: false` that transport is
 * removed. Records are marked as redacted, so the SDK's log processor (which redacts records
 * of other loggers) does not redact them twice.
 *
 * Severity: winston levels map to OTel as error→ERROR(17), warn→WARN(13), info→INFO(9),
 * http→DEBUG3(7), verbose→DEBUG2(6), debug→DEBUG(5), silly→TRACE(1) (see
 * `WINSTON_TO_OTEL_SEVERITY`).
 *
 * @example
 * ```ts
 * const logger = createLogger({ serviceName: 'checkout' });
 * logger.info('order placed', { orderId: 'o-1', card: '4111 1111 1111 1111' });
 * logger.error('payment failed', { error: err });
 * logger.child({ tenant: 'acme' }).warn('slow');
 * ```
 */
export function createLogger({
  level,
  serviceName,
  redactor = getDefaultRedactor(),
  stream = process.stdout,
  pretty = process.env['NODE_ENV'] === 'development',
  otel = true,
  bufferDebugLogs = false,
  defaultMeta,
  maxCauseDepth = 5,
}: LoggerOptions = {}): SightlineLogger {
  const render = pretty
    ? createPrettyRenderer({ color: !process.env['NO_COLOR'] })
    : serviceName !== undefined
      ? createJsonRenderer(serviceName)
      : createResourceRenderer();
  const buffer = bufferDebugLogs
    ? new TraceLogBuffer<Info>(bufferDebugLogs === true ? {} : bufferDebugLogs)
    : undefined;

  // The format needs the logger (level checks, flushing) and the logger needs the format.
  const ref: { logger?: SightlineLogger } = {};
  const format = createRecordFormat({
    redactor,
    render,
    maxCauseDepth,
    isEnabled: (name) => ref.logger?.isLevelEnabled(name) ?? false,
    defaultMeta: () => ref.logger?.defaultMeta,
    ...(buffer && {
      buffer: {
        store: buffer,
        isBufferable: (name) => (NPM_LEVELS[name] ?? 0) >= (NPM_LEVELS['debug'] ?? 5),
        flush: (records) =>
          ref.logger && dispatchToTransports(ref.logger, records, { ignoreLoggerLevel: true }),
      },
    }),
  });
  Object.defineProperty(format, SELF_REDACTING_FORMAT, { value: true });

  const logger = winston.createLogger({
    level: resolveLevel(level),
    levels: { ...NPM_LEVELS },
    format,
    defaultMeta,
    transports: [new LineTransport({ stream })],
  });
  const added = otelTransports(logger);
  if (!otel) for (const transport of added) logger.remove(transport);
  else if (added.length === 0) logger.add(new OpenTelemetryTransportV3());
  // A transport error (e.g. EPIPE on stdout) is re-emitted on the logger; unhandled it would crash.
  logger.on('error', (error: unknown) => {
    diag.error(`sightline logging: transport error (${describeThrown(error)}).`);
  });
  installDirectWrite(logger);
  installGuards(logger);
  ref.logger = logger;
  return logger;
}

/**
 * Fields bound to a per-request logger. `requestId`/`userId` become `request_id`/`user_id`
 * (a value in the OTel request context still wins); other keys are bound as they are.
 *
 * @example
 * ```ts
 * const fields: RequestLogFields = { requestId: 'r-1', route: '/users/:id' };
 * ```
 */
export interface RequestLogFields {
  requestId?: string;
  userId?: string;
  [key: string]: unknown;
}

/**
 * A per-request child logger (winston `child()`), used by the Hono adapter.
 *
 * @example
 * ```ts
 * const log = requestLogger(logger, { requestId: c.get('requestId') });
 * log.info('handled'); // {"…","request_id":"r-1","message":"handled"}
 * ```
 */
export function requestLogger(
  logger: SightlineLogger,
  { requestId, userId, ...rest }: RequestLogFields = {},
): SightlineLogger {
  const fields: Record<string, unknown> = { ...rest };
  if (requestId !== undefined) fields['request_id'] = requestId;
  if (userId !== undefined) fields['user_id'] = userId;
  return logger.child(fields);
}

// A logger may be made before start() is called: each line reads the resource facts (one
// global read) and the renderer is recompiled only when the name changes.
function createResourceRenderer(): Renderer {
  const fallback = resolveServiceName();
  let name = fallback;
  let render = createJsonRenderer(name);
  return function renderWithResource(parts) {
    const current = getResourceFacts()?.serviceName ?? fallback;
    if (current !== name) {
      name = current;
      render = createJsonRenderer(current);
    }
    return render(parts);
  };
}

function otelTransports(logger: SightlineLogger): winston.transport[] {
  // Class identity, plus the name in case a second copy of the package is installed.
  return logger.transports.filter(
    (transport) =>
      transport instanceof OpenTelemetryTransportV3 ||
      transport.constructor.name === 'OpenTelemetryTransportV3',
  );
}
