import { context, diag, type Context } from '@opentelemetry/api';
import { format as interpolate } from 'node:util';
import {
  describeThrown,
  isErrorLike,
  LEVEL,
  MESSAGE,
  OTEL_CONTEXT,
  safeGet,
  SPLAT,
  type Info,
} from '../core/logging/safe.js';
import { getDefaultRedactor, type Redactor } from '../core/redaction/index.js';
import { markRedacted } from '../core/telemetry/redacted-records.js';

/**
 * Marks a winston format that already redacts with Sightline's policy: the format of
 * Sightline's own `createLogger` (which sets the same `Symbol.for` key) and the
 * {@link redactingFormat} wrapper. Loggers whose format carries it are left alone.
 *
 * @example
 * ```ts
 * logger.format[SELF_REDACTING_FORMAT]; // true once the logger wrote a record under the SDK
 * ```
 */
export const SELF_REDACTING_FORMAT: unique symbol = Symbol.for('sightline.logging.self_redacting');

/**
 * The part of a logform format winston uses: `transform(info, options)`.
 *
 * @example
 * ```ts
 * const upper: WinstonFormat = { transform: (info) => ({ ...info, message: 'X' }) };
 * ```
 */
export interface WinstonFormat {
  transform(info: Info, options?: unknown): Info | boolean;
  options?: unknown;
  [SELF_REDACTING_FORMAT]?: boolean;
}

/**
 * `Logger.prototype._transform` of winston 3: runs `this.format` on each record.
 *
 * @example
 * ```ts
 * const original: WinstonTransform = winston.Logger.prototype._transform;
 * ```
 */
export type WinstonTransform = (
  this: { format?: WinstonFormat },
  info: Info,
  encoding: unknown,
  callback: () => void,
) => unknown;

// winston's printf tokens: format.splat() interpolates the arguments into such a message.
const TOKENS = /%[scdjifoO%]/;
const PLACEHOLDER = '[REDACTED]';
const FAILED = 'log record could not be redacted';
// Per record, between the two passes: the message as redacted (a template: as given) and
// whether it was a printf template. Module-private; removed before the transports see it.
const STATE = Symbol('sightline.winston.redaction');
interface State {
  message: unknown;
  templated: boolean;
}
let reported = false;

/**
 * Wraps a user's winston format so that every transport (stream, file, OTLP) receives the
 * record redacted by Sightline's policy, once: message and metadata (`redactor.value`: keys and
 * detectors), the extra arguments (`SPLAT`) and a preset line; `level` and winston's other
 * symbols are kept. The record is marked as redacted, so the SDK's log processor does not scan
 * it again. Runs before the user's format, on a copy: the caller's objects are never modified;
 * an Error logged as the record stays an Error (for `format.errors()`).
 *
 * A message that a user format rewrites (a `format.splat()` interpolation, a label) is
 * redacted again after it, with the rendered line: `password=%s` shows its secret only in
 * context. A printf template left for a transport's format is kept unless its interpolation
 * shows such a secret; then it is interpolated and redacted here. Either way an interpolated
 * template's plain arguments are dropped from `SPLAT`: the OTel transport would export one as
 * `exception.message`, out of context.
 *
 * Never throws for redaction: a record that cannot be redacted becomes a minimal one with
 * `log_error` (fail closed). Errors of the user's own format propagate as before.
 *
 * @example
 * ```ts
 * logger.format = redactingFormat(winston.format.json());
 * logger.info('login password=hunter2'); // {"level":"info","message":"login password=[REDACTED]"}
 * ```
 */
export function redactingFormat(
  format: WinstonFormat,
  getRedactor: () => Redactor = getDefaultRedactor,
): WinstonFormat {
  return {
    [SELF_REDACTING_FORMAT]: true,
    get options() {
      return format.options;
    },
    transform(info: Info) {
      let redactor: Redactor | undefined;
      let first: Info;
      try {
        redactor = getRedactor();
        first = redactRecord(info, redactor);
      } catch (error) {
        first = fallbackRecord(info, redactor, error);
        redactor = undefined;
      }
      const out = format.transform(first, format.options);
      if (redactor === undefined || out === null || typeof out !== 'object') return out;
      try {
        return finish(out, redactor);
      } catch (error) {
        return failClosed(out, error);
      }
    },
  };
}

/**
 * Wraps winston's `Logger.prototype._transform`: before a logger's first record (and after
 * `configure()` or an assignment replaced its format) the logger's format is wrapped by
 * {@link redactingFormat}, unless it already redacts (Sightline's own loggers).
 *
 * @example
 * ```ts
 * proto._transform = redactingTransform(proto._transform);
 * ```
 */
export function redactingTransform(
  original: WinstonTransform,
  getRedactor: () => Redactor = getDefaultRedactor,
): WinstonTransform {
  return function _transform(info, encoding, callback) {
    let record = info;
    try {
      const format = this.format;
      if (typeof format?.transform === 'function' && format[SELF_REDACTING_FORMAT] !== true) {
        this.format = redactingFormat(format, getRedactor);
      }
    } catch (error) {
      // The format cannot be replaced (a frozen logger): redact the record ahead of it.
      diag.debug(`sightline: winston format not wrapped (${describeThrown(error)})`);
      record = redactingFormat({ transform: (same) => same }, getRedactor).transform(info) as Info;
    }
    return original.call(this, record, encoding, callback);
  };
}

function redactRecord(info: Info, redactor: Redactor): Info {
  const redacted = redactor.value(info);
  if (redacted === null || typeof redacted !== 'object' || Array.isArray(redacted)) {
    throw new TypeError('the record did not redact to an object');
  }
  const out = isErrorLike(info) ? errorShaped(info, redacted) : (redacted as Info);
  // The level name is winston's, not user data; colour formats and transports match on it.
  const level = safeGet(info, 'level');
  if (level !== undefined) out['level'] = level;
  const message = safeGet(info, 'message');
  const splat = safeGet(info, SPLAT);
  const templated =
    typeof message === 'string' && Array.isArray(splat) && splat.length > 0 && TOKENS.test(message);
  // Redacted once interpolated (finish): alone, `password=%s` would lose its token.
  if (templated) out['message'] = message;
  for (const key of Object.getOwnPropertySymbols(info)) {
    if (key === SPLAT) {
      out[key] = Array.isArray(splat)
        ? splat.map((item) => mergedCopy(item, info, redacted) ?? redactor.value(item))
        : redactor.value(splat);
    } else if (key === MESSAGE) {
      const line = safeGet(info, key);
      out[key] = typeof line === 'string' ? redactor.string(line) : line;
    } else if (key !== OTEL_CONTEXT) {
      out[key] = safeGet(info, key);
    }
  }
  out[OTEL_CONTEXT] = markRedacted(contextOf(info));
  out[STATE] = { message: out['message'], templated } satisfies State;
  return out;
}

// `logger.info('msg', meta)`: winston merged meta's keys into the record and keeps meta in
// SPLAT (format.splat() merges it again). Its redacted copy is taken from the redacted record
// instead of walking it twice.
function mergedCopy(item: unknown, info: Info, redacted: object): object | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  try {
    const proto = Object.getPrototypeOf(item) as unknown;
    if (proto !== Object.prototype && proto !== null) return undefined;
    const from = redacted as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(item)) {
      if (!Object.is((item as Info)[key], info[key])) return undefined;
      if (Object.hasOwn(from, key)) out[key] = from[key];
    }
    return out;
  } catch {
    return undefined;
  }
}

// `logger.error(err)` logs the Error itself: the copy keeps its prototype and which fields
// are enumerable, so format.errors() and json() treat it as winston would have.
function errorShaped(error: Error, redacted: object): Info {
  const out = Object.create(Object.getPrototypeOf(error) as object | null) as Info;
  for (const [key, value] of Object.entries(redacted)) {
    const own = Object.getOwnPropertyDescriptor(error, key);
    if (own === undefined && key === 'name') continue; // inherited from the prototype
    const enumerable = own?.enumerable ?? true;
    Object.defineProperty(out, key, { value, enumerable, writable: true, configurable: true });
  }
  return out;
}

function finish(info: Info, redactor: Redactor): Info {
  const state = info[STATE] as State | undefined;
  delete info[STATE];
  let message = info['message'];
  if (state !== undefined && message === state.message) {
    if (!state.templated) return info;
    // A template the logger's format left alone (a transport's format.splat() may still
    // interpolate it): kept as is unless the interpolated text shows a secret in context.
    const splat = info[SPLAT];
    const text = interpolate(message, ...(Array.isArray(splat) ? (splat as unknown[]) : []));
    if (redactor.string(text) === text) return info;
    message = text;
  }
  // A user format rewrote the message (or dropped our state): scan it and the line again.
  if (message !== undefined) {
    info['message'] =
      typeof message === 'string' ? redactor.string(message) : redactor.value(message);
  }
  const line = info[MESSAGE];
  if (typeof line === 'string') info[MESSAGE] = redactor.string(line);
  const splat = info[SPLAT];
  if ((state === undefined || state.templated) && Array.isArray(splat)) {
    info[SPLAT] = splat.filter((item) => item !== null && typeof item === 'object');
  }
  return info;
}

function fallbackRecord(info: Info, redactor: Redactor | undefined, error: unknown): Info {
  report(error);
  const level = levelOf(info);
  let message = PLACEHOLDER;
  try {
    const raw = safeGet(info, 'message');
    if (redactor !== undefined && typeof raw === 'string' && !TOKENS.test(raw)) {
      message = redactor.string(raw);
    }
  } catch {
    // Fail closed: keep the placeholder.
  }
  const out: Info = { level, message, log_error: FAILED };
  out[LEVEL] = level;
  out[OTEL_CONTEXT] = markRedacted(contextOf(info));
  return out;
}

// After the user's format: nothing can be re-rendered in its style, so the line is minimal too.
function failClosed(info: Info, error: unknown): Info {
  report(error);
  const level = levelOf(info);
  const out: Info = { level, message: PLACEHOLDER, log_error: FAILED };
  out[LEVEL] = level;
  out[OTEL_CONTEXT] = markRedacted(contextOf(info));
  out[MESSAGE] = JSON.stringify(out);
  return out;
}

function levelOf(info: Info): string {
  const level = safeGet(info, LEVEL) ?? safeGet(info, 'level');
  return typeof level === 'string' ? level : 'info';
}

function contextOf(info: Info): Context {
  return (safeGet(info, OTEL_CONTEXT) as Context | undefined) ?? context.active();
}

function report(error: unknown): void {
  if (reported) return;
  reported = true;
  diag.warn(
    `sightline: a winston log record could not be redacted (${describeThrown(error)}); wrote a minimal record.`,
  );
}
