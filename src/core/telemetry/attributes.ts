// Sightline's own telemetry names. Stable semantic-convention names are imported from
// `@opentelemetry/semantic-conventions`; incubating ones are copied here, as OTel advises
// (the incubating entry point has no stability guarantee).

/**
 * Instrumentation scope (tracer, meter and logger name) of Sightline's own telemetry.
 *
 * @example
 * ```ts
 * const counter = lazyCounter(SIGHTLINE_SCOPE, 'app.jobs', { unit: '{job}' });
 * ```
 */
export const SIGHTLINE_SCOPE = 'sightline';

/**
 * Span-event / log attribute: the error code (`USER_NOT_FOUND`).
 *
 * @example
 * ```ts
 * span.setAttribute(ATTR_APP_ERROR_CODE, error.code);
 * ```
 */
export const ATTR_APP_ERROR_CODE = 'app.error.code';

/**
 * Span-event / log / metric attribute: the error severity (`low|medium|high|critical`).
 *
 * @example
 * ```ts
 * counter.add(1, { [ATTR_APP_ERROR_SEVERITY]: error.severity });
 * ```
 */
export const ATTR_APP_ERROR_SEVERITY = 'app.error.severity';

/**
 * Span-event / log attribute: whether application code handled the error (boolean).
 *
 * @example
 * ```ts
 * event[ATTR_APP_ERROR_HANDLED] = false;
 * ```
 */
export const ATTR_APP_ERROR_HANDLED = 'app.error.handled';

/**
 * Span attribute: the request id of the current request, when known.
 *
 * @example
 * ```ts
 * span.setAttribute(ATTR_APP_REQUEST_ID, requestId);
 * ```
 */
export const ATTR_APP_REQUEST_ID = 'app.request_id';

/**
 * Event name of exception log records raised while serving an HTTP request (incubating
 * semconv `EVENT_HTTP_SERVER_REQUEST_EXCEPTION`, copied).
 *
 * @example
 * ```ts
 * logger.emit({ eventName: EVENT_HTTP_SERVER_REQUEST_EXCEPTION, attributes });
 * ```
 */
export const EVENT_HTTP_SERVER_REQUEST_EXCEPTION = 'http.server.request.exception';

/**
 * Span attribute: the authenticated user's id (incubating semconv `ATTR_USER_ID`, copied).
 * PII in some deployments: set only an opaque id, never an email or a token.
 *
 * @example
 * ```ts
 * span.setAttribute(ATTR_USER_ID, claims.sub);
 * ```
 */
export const ATTR_USER_ID = 'user.id';
