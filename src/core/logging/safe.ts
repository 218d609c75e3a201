/**
 * Total (never-throwing) readers for hostile log arguments: proxies, throwing getters and
 * frozen or null-prototype objects must not turn a log call into an exception.
 */

/**
 * Placeholder for a value whose read threw. Same marker the redactor uses.
 *
 * @example
 * ```ts
 * safeGet(hostile, 'x') === UNREADABLE;
 * ```
 */
export const UNREADABLE = '[Unreadable]';

/**
 * winston's triple-beam level symbol (`Symbol.for`, so no direct dependency on triple-beam).
 *
 * @example
 * ```ts
 * info[LEVEL]; // 'info' — the level without colour codes
 * ```
 */
export const LEVEL = Symbol.for('level');
/**
 * triple-beam's finished-line symbol: what stream transports write.
 *
 * @example
 * ```ts
 * info[MESSAGE] = '{"level":"info",…}';
 * ```
 */
export const MESSAGE = Symbol.for('message');
/**
 * triple-beam's symbol for the extra arguments of a log call.
 *
 * @example
 * ```ts
 * logger.error('failed', err); // info[SPLAT] = [err]
 * ```
 */
export const SPLAT = Symbol.for('splat');
/**
 * The key `@opentelemetry/winston-transport` reads to emit a record under the call's context.
 *
 * @example
 * ```ts
 * info[OTEL_CONTEXT] = context.active();
 * ```
 */
export const OTEL_CONTEXT = Symbol.for('opentelemetry.js.contrib.winston.context');
/**
 * Set by Sightline's `child()` so an Error logged through a child keeps its identity.
 *
 * @example
 * ```ts
 * clone[ORIGINAL_ERROR] = err;
 * ```
 */
export const ORIGINAL_ERROR = Symbol('sightline.logging.error');

/**
 * A winston info object as seen by formats (string and symbol keys).
 *
 * @example
 * ```ts
 * const info: Info = { level: 'info', message: 'hi', [LEVEL]: 'info' };
 * ```
 */
export type Info = Record<string | symbol, unknown>;

/**
 * Reads `target[key]`, returning {@link UNREADABLE} when the read throws.
 *
 * @example
 * ```ts
 * safeGet({ get x() { throw new Error(); } }, 'x'); // '[Unreadable]'
 * ```
 */
export function safeGet(target: unknown, key: string | symbol): unknown {
  try {
    return (target as Info)[key];
  } catch {
    return UNREADABLE;
  }
}

/**
 * True for real Errors (including cross-realm ones). Never throws.
 *
 * @example
 * ```ts
 * isErrorLike(new TypeError('x')); // true
 * ```
 */
export function isErrorLike(value: unknown): value is Error {
  if (value === null || typeof value !== 'object') return false;
  try {
    return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
  } catch {
    return false;
  }
}

/**
 * Copies own enumerable string keys into a plain object, each read guarded. A value whose
 * keys cannot be listed (a hostile proxy) becomes `{ metadata: '[Unreadable]' }`.
 *
 * @example
 * ```ts
 * safeShallowCopy(Object.create(null)); // {}
 * ```
 */
export function safeShallowCopy(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value === null || typeof value !== 'object') return out;
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    out['metadata'] = UNREADABLE;
    return out;
  }
  for (const key of keys) out[key] = safeGet(value, key);
  return out;
}

/**
 * One-line description of a thrown value for diagnostics. Never throws.
 *
 * @example
 * ```ts
 * describeThrown(new RangeError('bad')); // 'RangeError: bad'
 * ```
 */
export function describeThrown(error: unknown): string {
  try {
    if (isErrorLike(error))
      return `${String(safeGet(error, 'name'))}: ${String(safeGet(error, 'message'))}`;
    return String(error);
  } catch {
    return 'unknown error';
  }
}
