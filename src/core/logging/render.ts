import type { Correlation } from '../telemetry/correlation.js';

/**
 * The parts of one record, already redacted and JSON-safe, in output order.
 *
 * @example
 * ```ts
 * const parts: RecordParts = { timestamp: new Date().toISOString(), level: 'info', message: 'hi',
 *   correlation: getCorrelation(), requestId: undefined, userId: undefined, meta: {} };
 * ```
 */
export interface RecordParts {
  timestamp: string;
  level: string;
  message: unknown;
  correlation: Correlation | undefined;
  requestId: unknown;
  userId: unknown;
  meta: Record<string, unknown>;
}

/**
 * Turns record parts into the line written to the stream (without the trailing newline).
 *
 * @example
 * ```ts
 * const render: Renderer = pretty ? createPrettyRenderer() : createJsonRenderer('svc');
 * ```
 */
export type Renderer = (parts: RecordParts) => string;

/**
 * Compiles the JSON-lines renderer once per logger. The line is assembled by hand so the key
 * order is fixed (`timestamp`, `level`, `message`, `service.name`, correlation, request, then
 * metadata) and the metadata is stringified exactly once. `JSON.stringify` escapes newlines
 * and ANSI escapes, so a record is always one line.
 *
 * @example
 * ```ts
 * const render = createJsonRenderer('checkout');
 * render({ timestamp, level: 'info', message: 'hi', correlation: undefined,
 *   requestId: undefined, userId: undefined, meta: {} });
 * ```
 */
export function createJsonRenderer(serviceName: string): Renderer {
  const service = `,"service.name":${JSON.stringify(serviceName)}`;
  return function renderJson(parts: RecordParts): string {
    let line = `{"timestamp":"${parts.timestamp}","level":${JSON.stringify(parts.level)},"message":${stringify(parts.message)}${service}`;
    const ids = parts.correlation;
    if (ids) {
      line += `,"trace_id":"${ids.traceId}","span_id":"${ids.spanId}","trace_flags":"${ids.traceFlags}"`;
    }
    if (parts.requestId !== undefined) line += `,"request_id":${stringify(parts.requestId)}`;
    if (parts.userId !== undefined) line += `,"user_id":${stringify(parts.userId)}`;
    const meta = stringify(parts.meta);
    return meta.length > 2 ? `${line},${meta.slice(1)}` : `${line}}`;
  };
}

const COLORS: Readonly<Record<string, string>> = {
  error: '\u001b[31m',
  warn: '\u001b[33m',
  info: '\u001b[32m',
  http: '\u001b[36m',
  verbose: '\u001b[36m',
  debug: '\u001b[34m',
  silly: '\u001b[35m',
};
const RESET = '\u001b[39m';
const DIM = '\u001b[2m';
const UNDIM = '\u001b[22m';

/**
 * Human-readable single-line renderer for local development:
 * `12:03:04.567 INFO  message trace=4bf92f35 {"k":"v"}`. The level is coloured (unless
 * `color` is false, e.g. `NO_COLOR`), the trace id shortened to its first 8 hex digits, and
 * control characters in the message escaped so one record stays one line.
 *
 * @example
 * ```ts
 * const render = createPrettyRenderer({ color: !process.env.NO_COLOR });
 * ```
 */
export function createPrettyRenderer({ color = true }: { color?: boolean } = {}): Renderer {
  return function renderPretty(parts: RecordParts): string {
    const time = parts.timestamp.slice(11, 23);
    const name = parts.level.toUpperCase().padEnd(5);
    const level = color ? `${COLORS[parts.level] ?? ''}${name}${RESET}` : name;
    const message =
      typeof parts.message === 'string' ? escapeControls(parts.message) : stringify(parts.message);
    let line = `${time} ${level} ${message}`;
    const extras: string[] = [];
    if (parts.correlation) extras.push(`trace=${parts.correlation.traceId.slice(0, 8)}`);
    if (parts.requestId !== undefined) extras.push(`req=${stringify(parts.requestId)}`);
    if (parts.userId !== undefined) extras.push(`user=${stringify(parts.userId)}`);
    const meta = stringify(parts.meta);
    if (meta.length > 2) extras.push(meta);
    if (extras.length > 0)
      line += color ? ` ${DIM}${extras.join(' ')}${UNDIM}` : ` ${extras.join(' ')}`;
    return line;
  };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

function escapeControls(text: string): string {
  if (!CONTROL.test(text)) return text;
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// Inputs are already JSON-safe (redacted copies); the guard covers the unexpected.
function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return '"[Unserializable]"';
  }
}
