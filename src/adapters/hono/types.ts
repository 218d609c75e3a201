import type { Logger } from 'winston';
import type { HttpRequestScope } from '../../core/http/index.js';

/**
 * Variables the observability middleware puts on the Hono context (`c.var` / `c.get`).
 *
 * @example
 * ```ts
 * app.get('/', (c) => c.text(c.var.requestId));
 * ```
 */
export interface ObservabilityVariables {
  /** The request id: a valid incoming `X-Request-Id`, or a generated one. */
  requestId: string;
  /** The trace id of the request's server span (32 hex), or all zeros when tracing is off. */
  traceId: string;
  /** The request-scoped logger; its lines carry trace, span, request and user ids. */
  logger: Logger;
  /** The request's lifecycle scope (its failure, converted once, and its problem rendering). */
  sightline: HttpRequestScope;
}

// Typed the Hono way (as hono/request-id does): `c.get('requestId')` is a string, no casts.
declare module 'hono' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface ContextVariableMap extends ObservabilityVariables {}
}

/**
 * The Hono `Env` of apps using the observability middleware (optional: the variables are
 * also declared on Hono's `ContextVariableMap`).
 *
 * @example
 * ```ts
 * const app = new Hono<ObservabilityEnv>();
 * ```
 */
export interface ObservabilityEnv {
  Variables: ObservabilityVariables;
}
