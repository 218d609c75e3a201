import type { AppError } from '../errors/app-error.js';
import {
  IdempotencyKeyInUseError,
  IdempotencyKeyInvalidError,
  IdempotencyKeyMissingError,
  IdempotencyKeyReusedError,
  IdempotencyUnavailableError,
} from '../idempotency/problems.js';
import { IdempotencyStoreError } from '../idempotency/errors.js';
import { fingerprint, scopeKey } from '../idempotency/fingerprint.js';
import { parseIdempotencyKey } from '../idempotency/key.js';
import { createIdempotency, type IdempotencyOutcome } from '../idempotency/manager.js';
import { memoryStore } from '../idempotency/memory-store.js';
import type { IdempotencyStore } from '../idempotency/types.js';
import { getDefaultRedactor } from '../redaction/index.js';
import { recordError } from '../telemetry/record-error.js';
import { logOutcome, recordOutcome } from './idempotency-telemetry.js';
import { problemInitFor, type HttpRequestScope } from './scope.js';

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
 * Options of the Idempotency-Key protocol (the adapters' `idempotency()` adds `scope`).
 *
 * @example
 * ```ts
 * const options: IdempotencyProtocolOptions = { required: true, policyUrl: 'https://docs.example.com/idempotency' };
 * ```
 */
export interface IdempotencyProtocolOptions {
  /** Where records live. Default: a `memoryStore()` of this protocol (single process only). */
  store?: IdempotencyStore;
  /** Answer 400 when a covered request has no key. Default false (requests without a key pass). */
  required?: boolean;
  /** Methods covered; others pass through untouched. Default `['POST', 'PATCH']`. */
  methods?: readonly string[];
  /** Retention (ms) of completed responses. Default 24 h. */
  ttl?: number;
  /** In-flight lease (ms): how long a claim blocks retries. Default 60 s. */
  lease?: number;
  /** URL of the published idempotency policy, linked from 400 problems (problem `type` and `Link`). */
  policyUrl?: string;
  /** Store 5xx responses for replay (Stripe-style) instead of releasing the claim. Default false. */
  storeServerErrors?: boolean;
  /** Response headers replayed; defaults to `DEFAULT_REPLAY_HEADERS`. `Set-Cookie` never is. */
  replayHeaders?: readonly string[];
  /** JSON fields (top-level or dotted) to leave out of / restrict the fingerprint to. */
  fingerprint?: { include?: readonly string[]; exclude?: readonly string[] };
}

/**
 * One covered request, in Web terms. `run` runs the handler and returns its response, or
 * throws what the handler threw (the claim is then released and the value rethrown).
 *
 * @example
 * ```ts
 * const request: IdempotentRequest = { method: 'POST', url, header, body, scope: async () => tenant };
 * ```
 */
export interface IdempotentRequest {
  method: string;
  url: URL;
  header(name: string): string | undefined;
  body(): Promise<Uint8Array>;
  /** The principal/tenant the key belongs to (one client never replays another's response). */
  scope?: () => string | undefined | Promise<string | undefined>;
}

/**
 * The Idempotency-Key protocol (key validation, fingerprint, outcomes → problems), framework
 * neutral. `handle` answers with the response to send.
 *
 * @example
 * ```ts
 * const protocol = createIdempotencyProtocol({ required: true });
 * if (protocol.covers(request.method)) return protocol.handle(facts, scope, () => handler(request));
 * ```
 */
export interface IdempotencyProtocol {
  covers(method: string): boolean;
  handle(
    request: IdempotentRequest,
    scope: HttpRequestScope | undefined,
    run: () => Promise<Response>,
  ): Promise<Response>;
}

/**
 * Creates the protocol: the first request with a key runs and its 2xx/4xx response is stored;
 * retries with the same key and payload get it replayed (`Idempotent-Replayed: true`); a retry
 * while the first runs gets 409 with `Retry-After`; the same key with another payload 422; a
 * missing (when `required`) or malformed key 400; an unreachable store 503 without running the
 * handler. Each problem is the request's failure (span event, `error.type`, log line, metric).
 *
 * @example
 * ```ts
 * const protocol = createIdempotencyProtocol({ store: redisStore(new Redis()) });
 * ```
 */
export function createIdempotencyProtocol(
  options: IdempotencyProtocolOptions = {},
): IdempotencyProtocol {
  const {
    store = memoryStore(),
    required = false,
    methods = ['POST', 'PATCH'],
    policyUrl,
  } = options;
  const { ttl, lease, replayHeaders, storeServerErrors = false } = options;
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

  async function handle(
    request: IdempotentRequest,
    scope: HttpRequestScope | undefined,
    run: () => Promise<Response>,
  ): Promise<Response> {
    const header = request.header(IDEMPOTENCY_KEY_HEADER);
    if (header === undefined) {
      if (!required) return run();
      recordOutcome('rejected');
      const missing = new IdempotencyKeyMissingError(`${IDEMPOTENCY_KEY_HEADER} header missing`, {
        field: IDEMPOTENCY_KEY_HEADER,
        headers: policyHeaders,
        userMessage: policyUrl
          ? `This operation requires an ${IDEMPOTENCY_KEY_HEADER} header; see ${policyUrl}.`
          : `This operation requires an ${IDEMPOTENCY_KEY_HEADER} header.`,
      });
      return problem(request, scope, missing, policyUrl);
    }
    const parsed = parseIdempotencyKey(header);
    if (!parsed.ok) {
      recordOutcome('rejected');
      const invalid = new IdempotencyKeyInvalidError(`${IDEMPOTENCY_KEY_HEADER} header invalid`, {
        field: IDEMPOTENCY_KEY_HEADER,
        headers: policyHeaders,
        userMessage: `The ${IDEMPOTENCY_KEY_HEADER} header ${parsed.reason}: send 1–255 visible ASCII characters, e.g. a UUID, as "…" or bare.`,
        violations: [{ field: IDEMPOTENCY_KEY_HEADER, message: parsed.reason }],
      });
      return problem(request, scope, invalid);
    }

    const { url } = request;
    const fp = fingerprint({
      method: request.method,
      route: url.pathname + sortedQuery(url.searchParams),
      body: await request.body(),
      contentType: request.header('content-type') ?? null,
      ...(include ? { include } : {}),
      ...(exclude ? { exclude } : {}),
    });
    // The concrete path, not the route template: a key reused on /orders/1 and /orders/2 is two records.
    const key = scopeKey({ scope: await request.scope?.(), route: url.pathname, key: parsed.key });
    const keyHash = manager.hashKey(key);

    let outcome: IdempotencyOutcome;
    try {
      outcome = await manager.execute(key, fp, run);
    } catch (error) {
      if (!(error instanceof IdempotencyStoreError)) {
        recordOutcome('executed', keyHash);
        throw error; // the handler's own failure, already answered by the adapter's handler
      }
      recordOutcome('rejected', keyHash);
      logOutcome(scope, 'warn', 'idempotency store unavailable; request rejected', {
        keyHash,
        operation: error.operation,
        error: error.message,
      });
      const unavailable = new IdempotencyUnavailableError(
        `idempotency store unavailable (${error.operation})`,
        { cause: error, retryAfter: 1 },
      );
      return problem(request, scope, unavailable);
    }

    recordOutcome(outcome.outcome, keyHash);
    switch (outcome.outcome) {
      case 'executed':
        return outcome.response;
      case 'replayed':
        logOutcome(scope, 'info', 'idempotent request replayed', {
          keyHash,
          status: outcome.record.status,
        });
        return outcome.response;
      case 'conflict':
        logOutcome(scope, 'warn', 'idempotent request conflicts with one in flight', {
          keyHash,
          retryAfter: outcome.retryAfter,
        });
        return problem(
          request,
          scope,
          new IdempotencyKeyInUseError('idempotency key in use by an in-flight request', {
            retryAfter: outcome.retryAfter,
          }),
        );
      case 'mismatch':
        logOutcome(scope, 'warn', 'idempotency key reused with a different request', { keyHash });
        return problem(
          request,
          scope,
          new IdempotencyKeyReusedError('idempotency fingerprint mismatch'),
        );
    }
  }

  return { covers: (method) => covered.has(method.toUpperCase()), handle };
}

/** The problem response of `error`, made the request's failure (recorded once by `finish`). */
function problem(
  request: IdempotentRequest,
  scope: HttpRequestScope | undefined,
  error: AppError,
  type?: string,
): Response {
  let init;
  if (scope) {
    init = scope.problem(error, { ...(type ? { type } : {}) });
  } else {
    // No observability lifecycle around this route: record here, since nothing else will.
    recordError(error);
    const instance = getDefaultRedactor().url(request.url.pathname);
    init = problemInitFor(error, { instance, type });
  }
  return new Response(init.body, { status: init.status, headers: init.headers });
}

function sortedQuery(params: URLSearchParams): string {
  if (params.size === 0) return '';
  const sorted = new URLSearchParams([...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `?${sorted.toString()}`;
}
