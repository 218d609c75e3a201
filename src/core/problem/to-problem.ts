import { diag } from '@opentelemetry/api';
import { isStatusOnlyError } from '../errors/app-error.js';
import type { AppError } from '../errors/app-error.js';
import { genericUserMessage, isErrorStatus, reasonPhrase } from '../errors/http-status.js';
import { normalizeError } from '../errors/normalize.js';
import { ValidationError } from '../errors/validation-error.js';
import { getDefaultRedactor } from '../redaction/index.js';
import type { Redactor } from '../redaction/types.js';
import { getCorrelation, getRequestContext } from '../telemetry/correlation.js';
import { toJsonPointer } from './json-pointer.js';
import { problemTypeUri } from './problem-type.js';
import type { ProblemDocument, ProblemFieldError, ProblemOptions } from './types.js';

/**
 * Translates any thrown value into an RFC 9457 problem document. `status` is the error's
 * HTTP status; `detail` is the user message for 4xx and always a generic message for 5xx
 * (never internal messages or stacks); `details` are included (redacted) for 4xx only
 * unless `exposeDetails` says otherwise; validation violations become `errors` with JSON
 * Pointers; `trace_id`/`request_id` default to the active OpenTelemetry context. Never throws.
 *
 * @example
 * ```ts
 * const problem = toProblem(new UserNotFoundError('User', id), { instance: '/users/42' });
 * // { type: '/problems/user-not-found', title: 'User not found',
 * //   status: 404, detail: 'The user was not found.', instance: '/users/42',
 * //   error_code: 'USER_NOT_FOUND', severity: 'low', trace_id: '…', details: { … } }
 * ```
 */
export function toProblem(error: unknown, options: ProblemOptions = {}): ProblemDocument {
  try {
    const appError = normalizeError(error);
    const redactor = options.redactor ?? getDefaultRedactor();
    const serverError = appError.status >= 500;
    const problem: ProblemDocument = {
      type: isStatusOnlyError(appError)
        ? 'about:blank'
        : problemTypeUri(appError.code, options.typeBaseUri),
      title: appError.title,
      status: appError.status,
      detail: serverError
        ? genericUserMessage(appError.status)
        : redactor.string(appError.userMessage),
      ...occurrence(options, redactor),
      error_code: appError.code,
      severity: appError.severity,
    };
    if (appError.details !== undefined && (options.exposeDetails ?? !serverError)) {
      problem.details = redactor.value(appError.details);
    }
    const errors = serverError ? undefined : fieldErrors(appError, redactor);
    if (errors) problem.errors = errors;
    return problem;
  } catch (failure) {
    diag.error('sightline: toProblem failed; answering a bare 500 problem', failure);
    return problemForStatus(500, { ...options, redactor: undefined });
  }
}

/**
 * A problem for a bare HTTP status (no error class): `type: about:blank`, the reason phrase
 * as `title`, a generic `detail`. Statuses outside 400–599 become 500 (with a warning).
 *
 * @example
 * ```ts
 * app.notFound((c) => c.json(problemForStatus(404, { instance: c.req.path }), 404));
 * ```
 */
export function problemForStatus(status: number, options: ProblemOptions = {}): ProblemDocument {
  let safeStatus = status;
  if (!isErrorStatus(status)) {
    diag.warn(`sightline: problemForStatus(${String(status)}) is not an error status; using 500`);
    safeStatus = 500;
  }
  let extra: Partial<ProblemDocument> = {};
  try {
    extra = occurrence(options, options.redactor ?? getDefaultRedactor());
  } catch (failure) {
    diag.warn('sightline: problemForStatus could not read the request context', failure);
  }
  return {
    type: 'about:blank',
    title: reasonPhrase(safeStatus),
    status: safeStatus,
    detail: genericUserMessage(safeStatus),
    ...extra,
  };
}

/** `instance`, `trace_id`, `request_id`: explicit options first, then the OTel context. */
function occurrence(options: ProblemOptions, redactor: Redactor): Partial<ProblemDocument> {
  const traceId = options.traceId ?? getCorrelation()?.traceId;
  const requestId = options.requestId ?? getRequestContext().requestId;
  return {
    ...(options.instance !== undefined ? { instance: redactor.url(options.instance) } : {}),
    ...(traceId !== undefined ? { trace_id: traceId } : {}),
    ...(requestId !== undefined ? { request_id: requestId } : {}),
  };
}

function fieldErrors(error: AppError, redactor: Redactor): ProblemFieldError[] | undefined {
  if (!(error instanceof ValidationError)) return undefined;
  const violations =
    error.violations.length > 0
      ? error.violations
      : error.field !== undefined
        ? [{ field: error.field, message: error.userMessage }]
        : [];
  if (violations.length === 0) return undefined;
  return violations.map((violation) => ({
    detail: redactor.string(violation.message),
    pointer: violation.pointer ?? toJsonPointer([violation.field]),
  }));
}
