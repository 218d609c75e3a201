import { constructorName, describeValue, safeGet, safeString } from './safe-read.js';
import { SEVERITIES } from './types.js';
import type { SerializedError, Severity } from './types.js';

/**
 * Options of `serializeError`.
 *
 * @example
 * ```ts
 * const options: SerializeErrorOptions = { maxCauseDepth: 3 };
 * ```
 */
export interface SerializeErrorOptions {
  /** How many `cause` levels to follow. Default 5. */
  maxCauseDepth?: number;
}

/**
 * Turns any thrown value into a JSON-safe record for logs: name, message, code, severity,
 * status, stack, details and a bounded `cause` chain. Cycles and over-deep chains end in a
 * marker; unreadable properties are skipped. Never throws and never returns `{}`.
 * Values are not redacted here: the logging pipeline redacts the whole record.
 *
 * @example
 * ```ts
 * logger.error('charge failed', { error: serializeError(err) });
 * ```
 */
export function serializeError(
  error: unknown,
  { maxCauseDepth = 5 }: SerializeErrorOptions = {},
): SerializedError {
  const seen = new Set<unknown>();
  const serialize = (value: unknown, depth: number): SerializedError => {
    const record = serializeOne(value);
    if (typeof value !== 'object' || value === null) return record;
    seen.add(value);
    const cause = safeGet(value, 'cause');
    if (cause === undefined) return record;
    if (seen.has(cause)) {
      record.cause = { name: 'CircularCause', message: 'cause chain loops back here' };
    } else if (depth >= maxCauseDepth) {
      record.cause = {
        name: 'TruncatedCause',
        message: `cause chain truncated after ${maxCauseDepth} levels`,
      };
    } else {
      record.cause = serialize(cause, depth + 1);
    }
    return record;
  };
  return serialize(error, 0);
}

function serializeOne(value: unknown): SerializedError {
  if (typeof value !== 'object' || value === null) {
    return { name: value === null ? 'null' : typeof value, message: describeValue(value) };
  }
  const record: SerializedError = {
    name: safeString(value, 'name') || constructorName(value) || 'Error',
    message: safeString(value, 'message') ?? describeValue(value),
  };
  const code = safeGet(value, 'code');
  if (typeof code === 'string' || typeof code === 'number') record.code = String(code);
  const severity = safeGet(value, 'severity');
  if (SEVERITIES.includes(severity as Severity)) record.severity = severity as Severity;
  const status = safeGet(value, 'status');
  if (typeof status === 'number' && Number.isInteger(status)) record.status = status;
  const stack = safeString(value, 'stack');
  if (stack) record.stack = stack;
  const details = safeGet(value, 'details');
  if (typeof details === 'object' && details !== null && !Array.isArray(details)) {
    record.details = details as Record<string, unknown>;
  }
  return record;
}
