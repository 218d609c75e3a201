import type { StoredResponse } from './types.js';

/**
 * Headers replayed by default: those that describe the stored representation or point at the
 * created resource. Anything per-request (Set-Cookie, trace and request ids, Date, hop-by-hop) is
 * left out so a replay never leaks another request's session or correlation.
 *
 * @example
 * ```ts
 * createIdempotency({ store, replayHeaders: [...DEFAULT_REPLAY_HEADERS, 'x-resource-version'] });
 * ```
 */
export const DEFAULT_REPLAY_HEADERS: readonly string[] = Object.freeze([
  'content-type',
  'content-encoding',
  'content-language',
  'content-disposition',
  'content-location',
  'location',
  'cache-control',
  'expires',
  'etag',
  'last-modified',
  'retry-after',
  'link',
  'vary',
]);

/**
 * Never replayed, whatever the allow-list says.
 *
 * @example
 * ```ts
 * NEVER_REPLAYED.has('set-cookie'); // true
 * ```
 */
export const NEVER_REPLAYED: ReadonlySet<string> = new Set([
  'set-cookie',
  'set-cookie2',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

/**
 * Marks a replayed response (Stripe's header; proposed for the IETF draft in issue #46).
 *
 * @example
 * ```ts
 * const replayed = response.headers.get(REPLAYED_HEADER) === 'true';
 * ```
 */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

// Statuses whose Response must have a null body.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a response into its stored form and a fresh, unconsumed copy to send. Reading once and
 * rebuilding is cheaper than `response.clone()` (a stream tee) in Node's fetch implementation.
 *
 * @example
 * ```ts
 * const { stored, response: copy } = await captureResponse(res, new Set(['content-type']));
 * ```
 */
export async function captureResponse(
  response: Response,
  allow: ReadonlySet<string>,
): Promise<{ stored: StoredResponse; response: Response }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers: [string, string][] = [];
  for (const [name, value] of response.headers) if (allow.has(name)) headers.push([name, value]);
  let body: string;
  let encoding: StoredResponse['encoding'] = 'utf8';
  try {
    body = UTF8.decode(bytes);
  } catch {
    // Not UTF-8: keep exact bytes.
    body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    encoding = 'base64';
  }
  const copy = new Response(NULL_BODY.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  return { stored: { status: response.status, headers, body, encoding }, response: copy };
}

/**
 * Builds the replay: stored status, allow-listed headers, body, plus `Idempotent-Replayed: true`.
 *
 * @example
 * ```ts
 * return replayResponse(record.response, new Set(DEFAULT_REPLAY_HEADERS));
 * ```
 */
export function replayResponse(stored: StoredResponse, allow: ReadonlySet<string>): Response {
  const headers = new Headers();
  // Filter again on the way out: records written under an older, wider allow-list stay safe.
  for (const [name, value] of stored.headers) if (allow.has(name)) headers.append(name, value);
  headers.set(REPLAYED_HEADER, 'true');
  // Bytes, not a string: a string body would make Response invent a text/plain content-type.
  const body = NULL_BODY.has(stored.status) ? null : Buffer.from(stored.body, stored.encoding);
  return new Response(body, { status: stored.status, headers });
}
