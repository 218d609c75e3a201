import { context, diag, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import type { LogAttributes } from '@opentelemetry/api-logs';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_ROUTE,
  EVENT_EXCEPTION,
} from '@opentelemetry/semantic-conventions';
import { coreSetting, warnInvalid } from '../config/index.js';
import type { AppError } from '../errors/app-error.js';
import type { Severity } from '../errors/types.js';
import { getOriginalError, normalizeError } from '../errors/normalize.js';
import { safeString } from '../errors/safe-read.js';
import { getDefaultRedactor } from '../redaction/index.js';
import type { Redactor } from '../redaction/types.js';
import {
  ATTR_APP_ERROR_CODE,
  ATTR_APP_ERROR_HANDLED,
  ATTR_APP_ERROR_SEVERITY,
  EVENT_HTTP_SERVER_REQUEST_EXCEPTION,
  SIGHTLINE_SCOPE,
} from './attributes.js';
import { METRIC_APP_ERRORS } from './metric-names.js';
import { lazyCounter } from './instruments.js';
import { logSeverityFor } from './severity.js';

/**
 * Options of `recordError`.
 *
 * @example
 * ```ts
 * const options: RecordErrorOptions = { handled: false, route: '/users/:id' };
 * ```
 */
export interface RecordErrorOptions {
  /** Span to record on. Default: the active span. */
  span?: Span;
  /** Whether application code handled the error. Default `true`. */
  handled?: boolean;
  /** Matched route template (`http.route`), when known. */
  route?: string;
  /** Extra attributes for the exception event / log record (redacted). */
  attributes?: Attributes;
  /** Overrides the error's severity (e.g. `critical` for an uncaught exception). */
  severity?: Severity;
}

/**
 * Where exceptions go, from `OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN`: `span` (unset; span
 * events), `logs` (log records instead), `logs/dup` (both).
 *
 * @example
 * ```ts
 * const mode: ExceptionSignalMode = getExceptionSignalMode();
 * ```
 */
export type ExceptionSignalMode = 'span' | 'logs' | 'logs/dup';

const EXCEPTION_SIGNAL_ENV = 'OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN' as const;

let exceptionSignalMode: ExceptionSignalMode | undefined;
// Span → errors already recorded on it. Weak on both sides: nothing outlives its span.
const recordedBySpan = new WeakMap<Span, WeakSet<object>>();
// Errors already counted/logged: one occurrence is one metric point and one log record,
// however many spans it crosses on its way up.
const reportedErrors = new WeakSet<object>();

const errorsCounter = lazyCounter(SIGHTLINE_SCOPE, METRIC_APP_ERRORS, {
  unit: '{error}',
  description: 'Errors recorded by the application, by error code and severity.',
});

/**
 * Records an error on telemetry and returns it normalized. On the given or active span: an
 * `exception` event (`exception.type`, redacted `exception.message` and
 * `exception.stacktrace`, `error.type` = the code, `app.error.code`, `app.error.severity`,
 * `app.error.handled`) and the span attribute `error.type`; span status ERROR only for
 * status ≥ 500 or `handled: false` (4xx leave it untouched). With
 * `OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN=logs` an exception log record replaces the event
 * (`logs/dup`: both). Counts `app.errors`. The same error object is recorded once per span
 * and counted/logged once overall. Never throws.
 *
 * @example
 * ```ts
 * try {
 *   await chargeCard(order);
 * } catch (err) {
 *   const error = recordError(err, { route: '/orders/:id/charge' });
 *   return toProblemResponse(error);
 * }
 * ```
 */
export function recordError(error: unknown, options: RecordErrorOptions = {}): AppError {
  const appError = normalizeError(error);
  try {
    record(error, appError, options);
  } catch (failure) {
    diag.error('sightline: recordError failed; the error was not recorded', failure);
  }
  return appError;
}

/**
 * The exception signal mode, read from `OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN` once per
 * process on first use.
 *
 * @example
 * ```ts
 * if (getExceptionSignalMode() !== 'span') console.log('exceptions go to logs');
 * ```
 */
export function getExceptionSignalMode(): ExceptionSignalMode {
  return (exceptionSignalMode ??= reloadExceptionSignalMode());
}

/**
 * Re-reads `OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN` (tests, or after changing the env).
 * Unknown values warn and fall back to span events.
 *
 * @example
 * ```ts
 * process.env.OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN = 'logs/dup';
 * reloadExceptionSignalMode(); // 'logs/dup'
 * ```
 */
export function reloadExceptionSignalMode(): ExceptionSignalMode {
  exceptionSignalMode = parseExceptionSignal(coreSetting(EXCEPTION_SIGNAL_ENV));
  return exceptionSignalMode;
}

function parseExceptionSignal(raw: string | undefined): ExceptionSignalMode {
  // Comma-separated like the other OTEL_SEMCONV_*_OPT_IN variables; empty means unset.
  const tokens = (raw ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
  if (tokens.length === 0) return 'span';
  if (tokens.includes('logs/dup')) return 'logs/dup';
  if (tokens.includes('logs')) return 'logs';
  warnInvalid(EXCEPTION_SIGNAL_ENV, raw ?? '', 'span events', ' (expected "logs" or "logs/dup")');
  return 'span';
}

function record(thrown: unknown, error: AppError, options: RecordErrorOptions): void {
  const handled = options.handled ?? true;
  const span = options.span ?? trace.getActiveSpan();
  const identities = identitiesOf(thrown, error);
  if (span && !markRecorded(span, identities)) return;

  const mode = getExceptionSignalMode();
  const redactor = getDefaultRedactor();
  const severity = options.severity ?? error.severity;
  const attributes = exceptionAttributes(error, severity, handled, redactor, options.attributes);
  if (span) {
    span.setAttribute(ATTR_ERROR_TYPE, error.code);
    if (mode !== 'logs') span.addEvent(EVENT_EXCEPTION, attributes);
    if (error.status >= 500 || !handled) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: attributes[ATTR_EXCEPTION_MESSAGE] as string,
      });
    }
  }
  if (identities.some((identity) => reportedErrors.has(identity))) return;
  identities.forEach((identity) => reportedErrors.add(identity));
  // Without a span there is no event to carry the exception: emit it as a log record.
  if (mode !== 'span' || !span)
    emitExceptionLog(severity, handled, attributes, span, options.route);
  errorsCounter.add(1, {
    [ATTR_ERROR_TYPE]: error.code,
    [ATTR_APP_ERROR_SEVERITY]: severity,
    ...(options.route !== undefined ? { [ATTR_HTTP_ROUTE]: options.route } : {}),
  });
}

/** The objects that stand for this occurrence: what was thrown, its normalized form, its original. */
function identitiesOf(thrown: unknown, error: AppError): object[] {
  const candidates = [thrown, error, getOriginalError(error)];
  return candidates.filter(
    (candidate, index): candidate is object =>
      typeof candidate === 'object' &&
      candidate !== null &&
      candidates.indexOf(candidate) === index,
  );
}

/** True (and remembers) when none of `identities` was recorded on `span` yet. */
function markRecorded(span: Span, identities: readonly object[]): boolean {
  let recorded = recordedBySpan.get(span);
  if (!recorded) {
    recorded = new WeakSet();
    recordedBySpan.set(span, recorded);
  }
  if (identities.some((identity) => recorded.has(identity))) return false;
  identities.forEach((identity) => recorded.add(identity));
  return true;
}

function exceptionAttributes(
  error: AppError,
  severity: Severity,
  handled: boolean,
  redactor: Redactor,
  extra: Attributes | undefined,
): Attributes {
  // A wrapped foreign error keeps its own type (`TypeError`); the code says INTERNAL_ERROR.
  const original = getOriginalError(error);
  const type = (original && safeString(original, 'name')) || error.name;
  const stack = safeString(error, 'stack');
  return {
    ...(extra ? redactor.attributes(extra) : {}),
    [ATTR_EXCEPTION_TYPE]: type,
    [ATTR_EXCEPTION_MESSAGE]: redactor.string(error.message),
    ...(stack ? { [ATTR_EXCEPTION_STACKTRACE]: redactor.string(stack) } : {}),
    [ATTR_ERROR_TYPE]: error.code,
    [ATTR_APP_ERROR_CODE]: error.code,
    [ATTR_APP_ERROR_SEVERITY]: severity,
    [ATTR_APP_ERROR_HANDLED]: handled,
  };
}

function emitExceptionLog(
  severity: Severity,
  handled: boolean,
  attributes: Attributes,
  span: Span | undefined,
  route: string | undefined,
): void {
  const { severityNumber, severityText } = logSeverityFor(severity, handled);
  logs.getLogger(SIGHTLINE_SCOPE).emit({
    // semconv: a specific event name when the context is known, none otherwise.
    ...(route !== undefined ? { eventName: EVENT_HTTP_SERVER_REQUEST_EXCEPTION } : {}),
    severityNumber,
    severityText,
    body: attributes[ATTR_EXCEPTION_MESSAGE] as string,
    attributes: {
      ...(attributes as LogAttributes),
      ...(route !== undefined ? { [ATTR_HTTP_ROUTE]: route } : {}),
    },
    context: span ? trace.setSpan(context.active(), span) : context.active(),
  });
}
