/**
 * Text helpers of the terminal waterfall: durations and offsets with the precision they really
 * have, attribute values, and log levels and messages.
 */
import type { ReceivedLog } from './model.js';

/** Drops a trailing `.0` that `toFixed` leaves: `3.0` → `3`. */
const trim = (n: number, digits: number): string => String(Number(n.toFixed(digits)));

/**
 * A duration in milliseconds as people read it: two significant digits under 1 ms, one decimal
 * under 10 ms, whole milliseconds under 1 s, then seconds (`1.2 s`, `12 s`) and minutes.
 *
 * @example
 * formatDuration(3); // '3 ms'; 0.4 → '0.4 ms'; 59.12 → '59 ms'; 1234 → '1.2 s'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '? ms';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0 ms';
  if (ms < 0.01) return '<0.01 ms';
  if (ms < 1) return `${Number(ms.toPrecision(2))} ms`;
  if (ms < 10) return `${trim(ms, 1)} ms`;
  if (Math.round(ms) < 1_000) return `${Math.round(ms)} ms`;
  const s = ms / 1_000;
  if (Number(s.toFixed(1)) < 10) return `${trim(s, 1)} s`;
  if (Math.round(s) < 60) return `${Math.round(s)} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/**
 * A signed offset from the trace start. `wholeMs`: the timestamp only has millisecond precision
 * (log records stamped with `Date.now()`), so sub-millisecond digits would be noise.
 *
 * @example
 * formatOffset(3); // '+3 ms'; formatOffset(2.6, { wholeMs: true }) → '+3 ms'
 */
export function formatOffset(ms: number, { wholeMs = false }: { wholeMs?: boolean } = {}): string {
  const value = wholeMs && Math.abs(ms) < 1_000 ? Math.round(ms) : ms;
  return value < 0 ? formatDuration(value) : `+${formatDuration(value)}`;
}

/**
 * Shortens `text` to `max` characters with an ellipsis.
 *
 * @example
 * truncate('GET /users/:id', 8); // 'GET /us…'
 */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * An attribute value as text: strings as they are, bigints in decimal, bytes as a count, the
 * rest as JSON.
 *
 * @example
 * plain(['a', 1]); // '["a",1]'
 */
export function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ??
      String(value)
    );
  } catch {
    return String(value);
  }
}

/**
 * Severity name from the text, or from the number's OTel range when the text is empty.
 *
 * @example
 * levelOf({ severityText: '', severityNumber: 17 } as ReceivedLog); // 'ERROR'
 */
export function levelOf(log: ReceivedLog): string {
  if (log.severityText) return log.severityText.toUpperCase();
  const n = log.severityNumber;
  if (n >= 21) return 'FATAL';
  if (n >= 17) return 'ERROR';
  if (n >= 13) return 'WARN';
  if (n >= 9) return 'INFO';
  if (n >= 5) return 'DEBUG';
  return n >= 1 ? 'TRACE' : 'LOG';
}

/**
 * A log record's message: the body's `message` field when structured, else the body as text.
 *
 * @example
 * messageOf({ body: { message: 'lookup failed', id: 7 } } as ReceivedLog); // 'lookup failed'
 */
export function messageOf(log: ReceivedLog): string {
  const body = log.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && !(body instanceof Uint8Array)) {
    const message = (body as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  return body === undefined ? '' : plain(body);
}
