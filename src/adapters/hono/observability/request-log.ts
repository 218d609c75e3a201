import type { Logger } from 'winston';

/** The facts of one finished request, as logged. */
export interface RequestSummary {
  method: string;
  route?: string;
  path: string;
  status: number;
  durationMs: number;
  userAgent?: string;
  clientAddress?: string;
  errorCode?: string;
}

/**
 * Writes the one `Request completed` / `Request failed` line of a request; level by status
 * (info < 400 ≤ warn < 500 ≤ error). Trace, span, request and user ids come from the context.
 *
 * @example
 * ```ts
 * logRequest(logger, { method: 'GET', route: '/users/:id', path: '/users/1', status: 200, durationMs: 3.2 });
 * ```
 */
export function logRequest(logger: Logger, summary: RequestSummary): void {
  const level = summary.status >= 500 ? 'error' : summary.status >= 400 ? 'warn' : 'info';
  logger.log(level, summary.status >= 500 ? 'Request failed' : 'Request completed', {
    method: summary.method,
    route: summary.route,
    path: summary.path,
    status: summary.status,
    duration_ms: Math.round(summary.durationMs * 1000) / 1000,
    user_agent: summary.userAgent,
    client_address: summary.clientAddress,
    error_code: summary.errorCode,
  });
}
