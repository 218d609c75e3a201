import { trace, type Context as OtelContext, type Span } from '@opentelemetry/api';
import type { Logger } from 'winston';
import { isAppError, type AppError } from '../errors/app-error.js';
import { problemResponseInit, type ProblemResponseInit } from '../problem/response.js';
import type { Redactor } from '../redaction/types.js';
import { convertThrown } from './convert.js';
import type { HttpRequestFacts } from './request-facts.js';

/**
 * One request in flight: its ids, server span, OTel context and logger, and its failure —
 * converted once, so the problem body, the span event, the log line and the metric all come
 * from the same `AppError` (and a registered `ErrorMapper` runs once per thrown value).
 *
 * @example
 * ```ts
 * const scope = lifecycle.begin(facts);
 * const { status, headers, body } = scope.problem(thrown);
 * ```
 */
export class HttpRequestScope {
  /** `performance.now()` when the request began. */
  readonly startedAt = performance.now();
  /** The server span's trace id (32 hex), or all zeros when tracing is off. */
  readonly traceId: string;
  /** The authenticated user, when an adapter hook told it. */
  userId: string | undefined;
  private _thrown: unknown;
  private _error: AppError | undefined;
  private _handled = true;

  constructor(
    /** What was read from the request. */
    readonly request: HttpRequestFacts,
    /** A valid incoming `X-Request-Id`, or a generated one. */
    readonly requestId: string,
    /** The request's SERVER span (own, or the HTTP instrumentation's). */
    readonly span: Span,
    /** The OTel context the handler runs in. */
    readonly context: OtelContext,
    /** The request-scoped logger (its lines carry the ids through the context). */
    readonly logger: Logger,
    /** @internal whether the lifecycle started `span` itself. */
    readonly _ownSpan: boolean,
    private readonly _redactor: Redactor,
    private readonly _typeBaseUri: string | undefined,
  ) {
    this.traceId = span.spanContext().traceId;
  }

  /**
   * Converts `thrown` into the request's failure, once: the same value (or the `AppError` it
   * became) returns the same object. A later, different value replaces it (the last failure is
   * the one the response reports).
   *
   * @example
   * ```ts
   * scope.fail(err) === scope.fail(err); // true
   * ```
   */
  fail(thrown: unknown): AppError {
    if (this._error !== undefined && (thrown === this._thrown || thrown === this._error))
      return this._error;
    const error = convertThrown(thrown, this.request);
    this._thrown = thrown;
    this._error = error;
    // Expected errors (the taxonomy, client errors) are handled; anything else is a bug.
    this._handled = isAppError(thrown) || error.status < 500;
    return error;
  }

  /** The request's failure, if it had one. */
  get error(): AppError | undefined {
    return this._error;
  }

  /** Whether application code expected the failure (an `AppError` or a 4xx). */
  get handled(): boolean {
    return this._handled;
  }

  /**
   * The RFC 9457 response for `thrown` (converted through `fail`): `instance` is the redacted
   * path, `request_id` the scope's. `type` replaces the problem type URI (e.g. a policy link);
   * `typeBaseUri` overrides the lifecycle's.
   *
   * @example
   * ```ts
   * const { status, headers, body } = scope.problem(new UserNotFoundError('user', id));
   * ```
   */
  problem(
    thrown: unknown,
    { type, typeBaseUri = this._typeBaseUri }: { type?: string; typeBaseUri?: string } = {},
  ): ProblemResponseInit {
    return problemInitFor(this.fail(thrown), {
      instance: this._redactor.url(this.request.path),
      requestId: this.requestId,
      // The scope's own trace: a problem may be rendered after the handler's context ended.
      traceId: trace.isSpanContextValid(this.span.spanContext()) ? this.traceId : undefined,
      typeBaseUri,
      type,
    });
  }
}

/**
 * The problem response of an `AppError` with a request's facts; `type` replaces the type URI.
 *
 * @example
 * ```ts
 * problemInitFor(error, { instance: '/orders', requestId: 'r-1', typeBaseUri: undefined });
 * ```
 */
export function problemInitFor(
  error: AppError,
  facts: {
    instance: string;
    requestId?: string | undefined;
    traceId?: string | undefined;
    typeBaseUri?: string | undefined;
    type?: string | undefined;
  },
): ProblemResponseInit {
  const init = problemResponseInit(error, {
    instance: facts.instance,
    ...(facts.requestId !== undefined ? { requestId: facts.requestId } : {}),
    ...(facts.traceId !== undefined ? { traceId: facts.traceId } : {}),
    ...(facts.typeBaseUri !== undefined ? { typeBaseUri: facts.typeBaseUri } : {}),
  });
  if (facts.type === undefined) return init;
  const problem = { ...init.problem, type: facts.type };
  return { ...init, problem, body: JSON.stringify(problem) };
}
