import { diag, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import {
  IdempotencyKeyInUseError,
  IdempotencyKeyInvalidError,
  IdempotencyKeyMissingError,
  IdempotencyKeyReusedError,
  IdempotencyStoreError,
  IdempotencyUnavailableError,
  createIdempotency,
  fingerprint,
  memoryStore,
  parseIdempotencyKey,
  scopeKey,
} from '../../../core/idempotency/index.js';
import type { IdempotencyOutcome, IdempotencyStore } from '../../../core/idempotency/index.js';
import type { AppError } from '../../../core/errors/index.js';
import { problemResponseInit } from '../../../core/problem/index.js';
import { SIGHTLINE_SCOPE, lazyCounter, recordError } from '../../../core/telemetry/index.js';
import { METRIC_APP_IDEMPOTENCY_REQUESTS } from '../../../core/telemetry/metric-names.js';

/**
 * Request header carrying the client's key (IETF draft-ietf-httpapi-idempotency-key-header).
 *
 * @example
 * ```ts
 * await fetch(url, { method: 'POST', headers: { [IDEMPOTENCY_KEY_HEADER]: `"${crypto.randomUUID()}"` } });
 * ```
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * Span attribute: SHA-256 of the scoped key (never the raw key).
 *
 * @example
 * ```ts
 * const hash = span.attributes[ATTR_IDEMPOTENCY_KEY_HASH]; // 64 hex characters
 * ```
 */
export const ATTR_IDEMPOTENCY_KEY_HASH = 'app.idempotency.key_hash';

/**
 * Span and metric attribute: `executed|replayed|conflict|mismatch|rejected`.
 *
 * @example
 * ```ts
 * const replays = points.filter((p) => p.attributes[ATTR_IDEMPOTENCY_OUTCOME] === 'replayed');
 * ```
 */
export const ATTR_IDEMPOTENCY_OUTCOME = 'app.idempotency.outcome';

/**
 * What the middleware did with a request that carried (or needed) a key.
 *
 * @example
 * ```ts
 * const outcome: IdempotencyMiddlewareOutcome = 'replayed';
 * ```
 */
export type IdempotencyMiddlewareOutcome = IdempotencyOutcome['outcome'] | 'rejected';

/**
 * Options of {@link idempotency}.
 *
 * @example
 * ```ts
 * const options: IdempotencyMiddlewareOptions = { required: true, scope: (c) => c.get('tenantId') };
 * ```
 */
export interface IdempotencyMiddlewareOptions {
  /** Where records live. Default: a `memoryStore()` of this middleware (single process only). */
  store?: IdempotencyStore;
  /** Answer 400 when a covered request has no key. Default false (requests without a key pass). */
  required?: boolean;
  /** Methods covered; others pass through untouched. Default `['POST', 'PATCH']`. */
  methods?: readonly string[];
  /** Retention (ms) of completed responses. Default 24 h. */
  ttl?: number;
  /** In-flight lease (ms): how long a claim blocks retries. Default 60 s. */
  lease?: number;
  /**
   * The principal/tenant the key belongs to, so one client can never replay another's response.
   * Runs on every covered request; if it throws, the error goes to the app's error handler.
   */
  scope?: (c: Context) => string | undefined | Promise<string | undefined>;
  /** URL of the published idempotency policy, linked from 400 problems (problem `type` and `Link`). */
  policyUrl?: string;
  /** Store 5xx responses for replay (Stripe-style) instead of releasing the claim. Default false. */
  storeServerErrors?: boolean;
  /** Response headers replayed; defaults to `DEFAULT_REPLAY_HEADERS`. `Set-Cookie` never is. */
  replayHeaders?: readonly string[];
  /** JSON fields (top-level or dotted) to leave out of / restrict the fingerprint to. */
  fingerprint?: { include?: readonly string[]; exclude?: readonly string[] };
}

/** The little a logger must offer; Sightline's winston logger (`c.get('logger')`) fits. */
interface LooseLogger {
  info?: (message: string, meta?: Record<string, unknown>) => unknown;
  warn?: (message: string, meta?: Record<string, unknown>) => unknown;
}

const requests = lazyCounter(SIGHTLINE_SCOPE, METRIC_APP_IDEMPOTENCY_REQUESTS, {
  unit: '{request}',
  description: 'Requests carrying an idempotency key, by outcome.',
});

/**
 * Hono middleware implementing the `Idempotency-Key` header: the first request with a key runs and
 * its 2xx/4xx response is stored; retries with the same key and payload get that response
 * replayed (`Idempotent-Replayed: true`); a retry while the first is running gets 409 with
 * `Retry-After`; the same key with a different payload gets 422; a missing (when `required`) or
 * malformed key gets 400; an unreachable store gets 503 and the handler does not run.
 * Handlers read the body through `c.req` as usual (`c.req.json()`, validators); the middleware
 * reads it first via Hono's body cache, so `c.req.raw`'s stream is already consumed.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { idempotency } from 'sightline/hono';
 * import { redisStore } from 'sightline';
 *
 * app.post(
 *   '/payments',
 *   idempotency({ store: redisStore(new Redis()), required: true, scope: (c) => c.get('tenantId') }),
 *   async (c) => c.json(await charge(await c.req.json()), 201),
 * );
 * ```
 */
export function idempotency(options: IdempotencyMiddlewareOptions = {}): MiddlewareHandler {
  const {
    store = memoryStore(),
    required = false,
    methods = ['POST', 'PATCH'],
    ttl,
    lease,
    scope,
    policyUrl,
    storeServerErrors = false,
    replayHeaders,
  } = options;
  const manager = createIdempotency({
    store,
    storeServerErrors,
    ...(ttl !== undefined ? { retention: ttl } : {}),
    ...(lease !== undefined ? { lease } : {}),
    ...(replayHeaders !== undefined ? { replayHeaders } : {}),
  });
  const covered = new Set(methods.map((m) => m.toUpperCase()));
  const { include, exclude } = options.fingerprint ?? {};
  const policyHeaders: Record<string, string> = policyUrl
    ? { Link: `<${policyUrl}>; rel="describedby"` }
    : {};

  return createMiddleware(async function idempotency(c, next) {
    if (!covered.has(c.req.method)) return next();
    const header = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (header === undefined) {
      if (!required) return next();
      record('rejected');
      return problem(
        c,
        new IdempotencyKeyMissingError(`${IDEMPOTENCY_KEY_HEADER} header missing`, {
          field: IDEMPOTENCY_KEY_HEADER,
          headers: policyHeaders,
          userMessage: policyUrl
            ? `This operation requires an ${IDEMPOTENCY_KEY_HEADER} header; see ${policyUrl}.`
            : `This operation requires an ${IDEMPOTENCY_KEY_HEADER} header.`,
        }),
        policyUrl,
      );
    }
    const parsed = parseIdempotencyKey(header);
    if (!parsed.ok) {
      record('rejected');
      return problem(
        c,
        new IdempotencyKeyInvalidError(`${IDEMPOTENCY_KEY_HEADER} header invalid`, {
          field: IDEMPOTENCY_KEY_HEADER,
          headers: policyHeaders,
          userMessage: `The ${IDEMPOTENCY_KEY_HEADER} header ${parsed.reason}: send 1–255 visible ASCII characters, e.g. a UUID, as "…" or bare.`,
          violations: [{ field: IDEMPOTENCY_KEY_HEADER, message: parsed.reason }],
        }),
      );
    }

    const url = new URL(c.req.url);
    const body = await readBody(c);
    const fp = fingerprint({
      method: c.req.method,
      route: url.pathname + sortedQuery(url.searchParams),
      body,
      contentType: c.req.header('content-type') ?? null,
      ...(include ? { include } : {}),
      ...(exclude ? { exclude } : {}),
    });
    // The concrete path, not the route template: a key reused on /orders/1 and /orders/2 is two records.
    const key = scopeKey({
      scope: scope ? await scope(c) : undefined,
      route: url.pathname,
      key: parsed.key,
    });
    const keyHash = manager.hashKey(key);

    let outcome: IdempotencyOutcome;
    try {
      outcome = await manager.execute(key, fp, async () => {
        await next();
        // Hono turned a thrown Error into c.res via onError; rethrow so the claim is released.
        if (c.error !== undefined) throw c.error;
        return c.res;
      });
    } catch (error) {
      if (error instanceof IdempotencyStoreError) {
        record('rejected', keyHash);
        log(c, 'warn', 'idempotency store unavailable; request rejected', {
          keyHash,
          operation: error.operation,
          error: error.message,
        });
        // An infrastructure failure: recorded on the span and in app.errors like any other.
        const unavailable = recordError(
          new IdempotencyUnavailableError(`idempotency store unavailable (${error.operation})`, {
            cause: error,
            retryAfter: 1,
          }),
        );
        return problem(c, unavailable);
      }
      if (error !== undefined && error === c.error) {
        record('executed', keyHash);
        return; // c.res already holds the error handler's response.
      }
      throw error;
    }

    record(outcome.outcome, keyHash);
    switch (outcome.outcome) {
      case 'executed':
        // A stored response was read to store it; send the buffered copy.
        if (outcome.response !== c.res) c.res = outcome.response;
        return;
      case 'replayed':
        log(c, 'info', 'idempotent request replayed', { keyHash, status: outcome.record.status });
        return outcome.response;
      case 'conflict':
        log(c, 'warn', 'idempotent request conflicts with one in flight', {
          keyHash,
          retryAfter: outcome.retryAfter,
        });
        return problem(
          c,
          new IdempotencyKeyInUseError('idempotency key in use by an in-flight request', {
            retryAfter: outcome.retryAfter,
          }),
        );
      case 'mismatch':
        log(c, 'warn', 'idempotency key reused with a different request', { keyHash });
        return problem(c, new IdempotencyKeyReusedError('idempotency fingerprint mismatch'));
    }
  });
}

/** The RFC 9457 response for `error`; `type` replaces the problem type URI (the policy link). */
function problem(c: Context, error: AppError, type?: string): Response {
  const init = problemResponseInit(error, { instance: c.req.path });
  const body = type ? JSON.stringify({ ...init.problem, type }) : init.body;
  return new Response(body, { status: init.status, headers: init.headers });
}

/**
 * Reads the body for the fingerprint through Hono's body cache, so the handler's c.req.json(),
 * text(), arrayBuffer(), parseBody() and validators still get it. Measured: a Request clone (stream
 * tee) cost ~4x more per request than the cache; the trade-off is that c.req.raw's own stream is
 * consumed.
 */
async function readBody(c: Context): Promise<Uint8Array> {
  return new Uint8Array(await c.req.arrayBuffer());
}

function sortedQuery(params: URLSearchParams): string {
  if (params.size === 0) return '';
  const sorted = new URLSearchParams([...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `?${sorted.toString()}`;
}

function record(outcome: IdempotencyMiddlewareOutcome, keyHash?: string): void {
  const attributes: Attributes = { [ATTR_IDEMPOTENCY_OUTCOME]: outcome };
  try {
    const span = trace.getActiveSpan();
    if (span) {
      span.setAttribute(ATTR_IDEMPOTENCY_OUTCOME, outcome);
      if (keyHash) span.setAttribute(ATTR_IDEMPOTENCY_KEY_HASH, keyHash);
    }
    requests.add(1, attributes);
  } catch (error) {
    diag.debug(`sightline idempotency: telemetry failed: ${String(error)}`);
  }
}

function log(
  c: Context,
  level: 'info' | 'warn',
  message: string,
  meta: Record<string, unknown>,
): void {
  try {
    const logger = (c as unknown as { get(key: string): unknown }).get('logger') as
      LooseLogger | undefined;
    const write = logger?.[level];
    if (typeof write === 'function') {
      write.call(logger, message, meta);
      return;
    }
  } catch {
    // A broken logger must not break the request; fall through to diag.
  }
  diag[level](`sightline idempotency: ${message} ${JSON.stringify(meta)}`);
}
