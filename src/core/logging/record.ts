import { context, diag, type Context } from '@opentelemetry/api';
import winston from 'winston';
import { serializeError } from '../errors/index.js';
import type { Redactor } from '../redaction/types.js';
import { getCorrelation, getRequestContext, type Correlation } from '../telemetry/correlation.js';
import { markRedacted } from '../telemetry/redacted-records.js';
import type { TraceLogBuffer } from './buffer.js';
import { BUILT_RECORD } from './otel-emit.js';
import type { Renderer } from './render.js';
import {
  describeThrown,
  isErrorLike,
  LEVEL,
  MESSAGE,
  ORIGINAL_ERROR,
  OTEL_CONTEXT,
  safeGet,
  safeShallowCopy,
  SPLAT,
  UNREADABLE,
  type Info,
} from './safe.js';

/**
 * What the record format needs from the logger that owns it.
 *
 * @example
 * ```ts
 * const config: RecordFormatConfig = {
 *   redactor, render, maxCauseDepth: 5, isEnabled: () => true, defaultMeta: () => undefined,
 * };
 * ```
 */
export interface RecordFormatConfig {
  redactor: Redactor;
  render: Renderer;
  maxCauseDepth: number;
  /** The root logger's threshold check (winston's `isLevelEnabled`, transports included). */
  isEnabled(level: string): boolean;
  /** The logger's current `defaultMeta` (winston copies it onto a logged Error). */
  defaultMeta(): unknown;
  /** Present when `bufferDebugLogs` is on. */
  buffer?: {
    store: TraceLogBuffer<Info>;
    isBufferable(level: string): boolean;
    /** Writes held records straight to the transports (they are below the logger's level). */
    flush(records: Info[]): void;
  };
}

// Keys owned by the record itself; metadata cannot overwrite them. `trace_id` & co. also keep
// instrumentation-winston's injected copies (and home-made ids) out: the context is the source.
const RESERVED = new Set([
  'timestamp',
  'level',
  'message',
  'service.name',
  'trace_id',
  'span_id',
  'trace_flags',
]);
let reportedFailure = false;
let lastMillis = Number.NaN;
let lastIso = '';

// Formatting a Date costs about as much as the JSON line; records in the same millisecond share it.
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMillis) {
    lastMillis = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

/**
 * The single logger-level winston format. Winston runs logger formats before any transport,
 * so both the stream line and the OTel record see the same redacted content. Per call it:
 * reads correlation from the OTel context at call time, serializes errors, redacts message and
 * metadata, stamps the context for `@opentelemetry/winston-transport`, renders the line once
 * into `info[MESSAGE]`, and buffers or flushes debug records per trace. It never throws: a
 * record that cannot be built is replaced by a minimal one carrying `log_error`.
 *
 * @example
 * ```ts
 * const format = createRecordFormat({ redactor, render, maxCauseDepth: 5, isEnabled: () => true });
 * winston.createLogger({ format, transports });
 * ```
 */
export function createRecordFormat(config: RecordFormatConfig): winston.Logform.Format {
  const toFormat = winston.format(
    (info) => transformRecord(config, info as unknown as Info) as never,
  );
  return toFormat();
}

function transformRecord(config: RecordFormatConfig, info: Info): Info | false {
  let level = 'info';
  let ctx: Context | undefined;
  try {
    const rawLevel = safeGet(info, LEVEL) ?? safeGet(info, 'level');
    level = typeof rawLevel === 'string' ? rawLevel : 'info';
    ctx = (safeGet(info, OTEL_CONTEXT) as Context | undefined) ?? context.active();
    const correlation = getCorrelation(ctx);
    const buffer = config.buffer;
    const toBuffer =
      buffer !== undefined && correlation !== undefined && buffer.isBufferable(level);
    // Skip all work for records no transport will write (winston itself only filters later).
    if (!toBuffer && !config.isEnabled(level)) return false;

    const record = buildRecord(config, info, level, ctx, correlation, toBuffer);
    if (toBuffer) {
      buffer.store.add(correlation.traceId, record);
      return false;
    }
    if (buffer !== undefined && correlation !== undefined && level === 'error') {
      const held = buffer.store.take(correlation.traceId);
      if (held.length > 0) buffer.flush(held);
    }
    return record;
  } catch (error) {
    return fallbackRecord(config, info, level, ctx, error);
  }
}

function buildRecord(
  config: RecordFormatConfig,
  info: Info,
  level: string,
  ctx: Context,
  correlation: Correlation | undefined,
  buffered: boolean,
): Info {
  const { redactor } = config;
  const sourceError = errorOf(info);
  const fromError = sourceError ? errorFieldFilter(sourceError, config.defaultMeta()) : undefined;
  const meta: Record<string, unknown> = {};
  let metaRequestId: unknown;
  let metaUserId: unknown;
  for (const key of ownKeys(info, meta)) {
    if (RESERVED.has(key)) continue;
    const value = safeGet(info, key);
    if (fromError?.(key, value)) continue;
    if (key === 'request_id') metaRequestId = value;
    else if (key === 'user_id') metaUserId = value;
    else meta[key] = isErrorLike(value) ? serialize(value, config.maxCauseDepth) : value;
  }
  if (sourceError) {
    const errorKey = meta['error'] === undefined ? 'error' : 'err';
    if (meta[errorKey] === undefined) meta[errorKey] = serialize(sourceError, config.maxCauseDepth);
  }

  let redacted = redactor.value(meta) as Record<string, unknown>;
  if (redacted === null || typeof redacted !== 'object' || Array.isArray(redacted)) {
    redacted = { metadata: redacted };
  }
  if (buffered) redacted['buffered'] = true;
  const rawMessage = safeGet(info, 'message');
  const message = rawMessage === undefined ? '' : redactor.value(rawMessage);
  const request = getRequestContext(ctx);
  const requestId =
    request.requestId ?? (metaRequestId === undefined ? undefined : redactor.value(metaRequestId));
  const userId =
    request.userId ?? (metaUserId === undefined ? undefined : redactor.value(metaUserId));

  const timestamp = isoNow();
  const line = config.render({
    timestamp,
    level,
    message,
    correlation,
    requestId,
    userId,
    meta: redacted,
  });

  // The redactor returned a fresh object: reuse it as the info the transports receive. The OTel
  // transport turns every enumerable key except `level`/`message` into an attribute and reads
  // `error`/`err` as the exception.
  const out = redacted as Info;
  out['level'] = level;
  out['message'] = message;
  if (requestId !== undefined) out['request_id'] = requestId;
  if (userId !== undefined) out['user_id'] = userId;
  out[LEVEL] = level;
  // Marked: the SDK's log processor then knows this record is redacted already.
  out[OTEL_CONTEXT] = markRedacted(ctx);
  out[MESSAGE] = line;
  out[BUILT_RECORD] = true;
  return out;
}

// The Error this record is about: the info itself (`logger.error(err)`), one carried through
// Sightline's child(), or the single Error meta winston merged (`logger.error('msg', err)`).
function errorOf(info: Info): Error | undefined {
  if (isErrorLike(info)) return info;
  const carried = safeGet(info, ORIGINAL_ERROR);
  if (isErrorLike(carried)) return carried;
  const splat = safeGet(info, SPLAT);
  if (Array.isArray(splat) && splat.length === 1 && isErrorLike(splat[0])) {
    const error = splat[0];
    if (safeGet(info, 'stack') === safeGet(error, 'stack')) return error;
  }
  return undefined;
}

// winston copies an Error's own fields (code, stack, cause, …) onto the record or logs the Error
// object itself; those belong in the serialized `error`, not in the metadata. defaultMeta keys
// that winston assigned onto the Error stay metadata.
function errorFieldFilter(
  error: Error,
  defaultMeta: unknown,
): (key: string, value: unknown) => boolean {
  const keep =
    defaultMeta !== null && typeof defaultMeta === 'object' ? safeShallowCopy(defaultMeta) : {};
  return (key, value) => {
    if (Object.hasOwn(keep, key)) return false;
    try {
      return Object.hasOwn(error, key) && value === safeGet(error, key);
    } catch {
      return false;
    }
  };
}

function ownKeys(info: Info, meta: Record<string, unknown>): string[] {
  try {
    return Object.keys(info);
  } catch {
    meta['metadata'] = UNREADABLE;
    return [];
  }
}

function serialize(error: Error, maxCauseDepth: number): unknown {
  try {
    return serializeError(error, { maxCauseDepth });
  } catch {
    return { name: 'Error', message: UNREADABLE };
  }
}

function fallbackRecord(
  config: RecordFormatConfig,
  info: Info,
  level: string,
  ctx: Context | undefined,
  error: unknown,
): Info | false {
  const reason = describeThrown(error);
  if (!reportedFailure) {
    reportedFailure = true;
    diag.warn(
      `sightline logging: a log record could not be formatted (${reason}); wrote a minimal record.`,
    );
  }
  try {
    const activeCtx = ctx ?? context.active();
    const correlation = safeCorrelation(activeCtx);
    const raw = safeGet(info, 'message');
    let message: unknown = '[Unreadable log message]';
    let logError = 'log record could not be formatted';
    try {
      if (typeof raw === 'string') message = config.redactor.value(raw);
      logError = `log record could not be formatted: ${config.redactor.string(reason)}`;
    } catch {
      // Fail closed: keep the placeholders rather than write unredacted text.
    }
    const meta = { log_error: logError };
    const out: Info = { ...meta, level, message };
    out[LEVEL] = level;
    out[OTEL_CONTEXT] = markRedacted(activeCtx);
    out[MESSAGE] = config.render({
      timestamp: isoNow(),
      level,
      message,
      correlation,
      requestId: undefined,
      userId: undefined,
      meta,
    });
    return out;
  } catch {
    return false;
  }
}

function safeCorrelation(ctx: Context): Correlation | undefined {
  try {
    return getCorrelation(ctx);
  } catch {
    return undefined;
  }
}
