import { createHash } from 'node:crypto';

/**
 * Input of {@link fingerprint}.
 *
 * @example
 * ```ts
 * const input: FingerprintInput = { method: 'POST', route: '/payments', body, contentType: 'application/json' };
 * ```
 */
export interface FingerprintInput {
  method: string;
  /** The request target the key is bound to, e.g. `/payments` or `/orders/7/refunds?dry_run=1`. */
  route: string;
  /** Raw request body (bytes or text); `undefined`/empty for no body. */
  body?: Uint8Array | ArrayBuffer | string | null;
  contentType?: string | null;
  /** JSON bodies only: keep just these fields (top-level names or dotted paths). */
  include?: readonly string[];
  /** JSON bodies only: drop these fields (top-level names or dotted paths), e.g. a client timestamp. */
  exclude?: readonly string[];
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * SHA-256 hex digest of a string (UTF-8). Used for key hashes and fingerprints.
 *
 * @example
 * ```ts
 * sha256Hex('abc'); // 'ba7816bf…'
 * ```
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Fingerprint of a request: SHA-256 hex over method, route and the body. JSON bodies are
 * canonicalised (keys sorted recursively, `include`/`exclude` applied) so key order or
 * whitespace do not turn a genuine retry into a mismatch; other bodies are hashed raw.
 *
 * @example
 * ```ts
 * const fp = fingerprint({
 *   method: 'POST',
 *   route: '/payments',
 *   body: '{"amount":10,"currency":"EUR","sent_at":"2024-01-01T00:00:00Z"}',
 *   contentType: 'application/json',
 *   exclude: ['sent_at'],
 * });
 * ```
 */
export function fingerprint(input: FingerprintInput): string {
  const hash = createHash('sha256');
  // Newline separators: neither a method nor a request target can contain one.
  hash.update(`${input.method.toUpperCase()}\n${input.route}\n`, 'utf8');
  const bytes = toBytes(input.body);
  const canonical =
    input.contentType && JSON_TYPE.test(input.contentType)
      ? canonicalBody(bytes, input)
      : undefined;
  if (canonical === undefined) hash.update('raw\n', 'utf8').update(bytes);
  else hash.update('json\n', 'utf8').update(canonical, 'utf8');
  return hash.digest('hex');
}

/**
 * Canonical JSON text: object keys sorted by code point at every depth, arrays kept in order,
 * no whitespace. `undefined` values and functions are dropped, as `JSON.stringify` does.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: { d: 2, c: 3 } }); // '{"a":{"c":3,"d":2},"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

/**
 * Composite, unambiguous key text: tenant/principal scope + request target + client key.
 * The manager hashes it before it reaches a store, so raw keys are never stored.
 *
 * @example
 * ```ts
 * const key = scopeKey({ scope: 'tenant-42', route: '/payments', key: '8e03978e-40d5-43e8-bc93-6894a57f9324' });
 * await manager.execute(key, fp, run);
 * ```
 */
export function scopeKey(parts: {
  scope?: string | undefined;
  route: string;
  key: string;
}): string {
  // A JSON array cannot be forged by putting separators inside one part.
  return JSON.stringify([parts.scope ?? null, parts.route, parts.key]);
}

function toBytes(body: FingerprintInput['body']): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

function canonicalBody(bytes: Uint8Array, input: FingerprintInput): string | undefined {
  if (bytes.byteLength === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
    );
  } catch {
    return undefined; // Not JSON after all: the raw bytes are the fingerprint.
  }
  if (input.include?.length) parsed = pick(parsed, input.include);
  if (input.exclude?.length) for (const path of input.exclude) omit(parsed, path.split('.'));
  try {
    return canonicalJson(parsed);
  } catch {
    // Nesting too deep to canonicalise (stack overflow): the raw bytes are the fingerprint.
    return undefined;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// Builds a new value holding only the listed paths; arrays on the way apply the rest of the path to each element.
function pick(value: unknown, paths: readonly string[]): unknown {
  let out: unknown = isObject(value) ? {} : Array.isArray(value) ? [] : value;
  for (const path of paths) out = merge(out, extract(value, path.split('.')));
  return out;
}

function extract(value: unknown, path: string[]): unknown {
  if (path.length === 0) return value;
  if (Array.isArray(value)) return value.map((item) => extract(item, path));
  if (!isObject(value)) return undefined;
  const [head, ...rest] = path as [string, ...string[]];
  if (!Object.hasOwn(value, head)) return undefined;
  const inner = extract(value[head], rest);
  return inner === undefined ? undefined : { [head]: inner };
}

function merge(target: unknown, source: unknown): unknown {
  if (source === undefined) return target;
  if (Array.isArray(target) && Array.isArray(source))
    return source.map((item, i) => merge(target[i], item));
  if (isObject(target) && isObject(source)) {
    const out: Record<string, unknown> = { ...target };
    for (const [key, inner] of Object.entries(source)) out[key] = merge(out[key], inner);
    return out;
  }
  return source;
}

function omit(value: unknown, path: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) omit(item, path);
    return;
  }
  if (!isObject(value) || path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) delete value[head];
  else omit(value[head], rest);
}
