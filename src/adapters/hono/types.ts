import type { Logger } from 'winston';

/**
 * Variables the observability middleware puts on the Hono context (`c.var` / `c.get`).
 *
 * @example
 * ```ts
 * const app = new Hono<ObservabilityEnv>();
 * app.get('/', (c) => c.text(c.var.requestId));
 * ```
 */
export interface ObservabilityVariables {
  /** The request id: a valid incoming `X-Request-Id`, or a generated one. */
  requestId: string;
  /** The trace id of the request's server span (32 hex), or '' when tracing is off. */
  traceId: string;
  /** The request-scoped logger; its lines carry trace, span, request and user ids. */
  logger: Logger;
}

/**
 * The Hono `Env` of apps using the observability middleware.
 *
 * @example
 * ```ts
 * const app = new Hono<ObservabilityEnv>();
 * ```
 */
export interface ObservabilityEnv {
  Variables: ObservabilityVariables;
}
