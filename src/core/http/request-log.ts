import type { Logger } from 'winston';
import type { AppError } from '../errors/app-error.js';
import { getOriginalError } from '../errors/normalize.js';

/**
 * The facts of one finished request, as logged.
 *
 * @example
 * ```ts
 * const summary: RequestSummary = { method: 'GET', path: '/users/1', status: 200, durationMs: 3.2 };
 * ```
 */
export interface RequestSummary {
  method: string;
  route?: string | undefined;
  path: string;
  status: number;
  durationMs: number;
  userAgent?: string | undefined;
  clientAddress?: string | undefined;
  /** The request's failure, when it had one. */
  error?: AppError | undefined;
}

/**
 * Writes the one `Request completed` / `Request failed` line of a request; level by status
 * (info < 400 ≤ warn < 500 ≤ error). Trace, span, request and user ids come from the context.
 * A failure adds `error_code` and `error.type`; a 5xx also adds the error itself (redacted
 * message, stack and `cause` chain, serialized by the logger), so a 500 can be debugged from
 * its log line alone.
 *
 * @example
 * ```ts
 * logRequest(logger, { method: 'GET', route: '/users/:id', path: '/users/1', status: 200, durationMs: 3.2 });
 * ```
 */
export function logRequest(logger: Logger, summary: RequestSummary): void {
  const serverError = summary.status >= 500;
  const level = serverError ? 'error' : summary.status >= 400 ? 'warn' : 'info';
  const error = summary.error;
  const meta: Record<string, unknown> = {
    method: summary.method,
    route: summary.route,
    path: summary.path,
    status: summary.status,
    duration_ms: Math.round(summary.durationMs * 1000) / 1000,
    user_agent: summary.userAgent,
    client_address: summary.clientAddress,
  };
  // Failure fields only on failures: every key costs the record builder on the hot path.
  if (error) {
    meta['error_code'] = error.code;
    meta['error.type'] = error.code;
    // An unknown throwable was wrapped in an InternalError that adopted its stack: log the
    // original (its own name and cause chain) rather than the wrapper around a copy of it.
    if (serverError) meta['error'] = getOriginalError(error) ?? error;
  }
  logger.log(level, serverError ? 'Request failed' : 'Request completed', meta);
}
