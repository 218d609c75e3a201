import type { ErrorDefaults, Severity } from './types.js';

// RFC 9110 reason phrases (plus a few registered extras) for error statuses.
const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  510: 'Not Extended',
  511: 'Network Authentication Required',
};

/** Generic client-safe messages; the only texts ever shown for 5xx responses. */
const GENERIC_SERVER_MESSAGE = 'An unexpected error occurred. Please try again later.';
const GENERIC_UPSTREAM_MESSAGE = 'An upstream service failed to respond. Please try again later.';
const GENERIC_UNAVAILABLE_MESSAGE =
  'The service is temporarily unavailable. Please try again later.';
const GENERIC_CLIENT_MESSAGE = 'The request could not be processed.';
const CLIENT_MESSAGES: Readonly<Record<number, string>> = {
  400: 'The request is invalid.',
  401: 'Authentication is required.',
  403: 'You do not have permission to perform this action.',
  404: 'The requested resource was not found.',
  405: 'This method is not allowed for the requested resource.',
  406: 'The requested representation is not available.',
  408: 'The request took too long. Please try again.',
  409: 'The request conflicts with the current state of the resource.',
  410: 'The requested resource is no longer available.',
  413: 'The request is too large.',
  415: 'The request media type is not supported.',
  422: 'The request could not be processed.',
  429: 'Too many requests. Please try again later.',
};

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 502, 503, 504]);

/**
 * True for an integer HTTP error status (400–599) — the only statuses errors may carry.
 *
 * @example
 * ```ts
 * isErrorStatus(404); // true
 * isErrorStatus(200); // false
 * ```
 */
export function isErrorStatus(status: unknown): status is number {
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599;
}

/**
 * The reason phrase of an error status (`Not Found`); `Client Error`/`Server Error` for
 * unregistered codes.
 *
 * @example
 * ```ts
 * reasonPhrase(404); // 'Not Found'
 * ```
 */
export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/**
 * A stable UPPER_SNAKE code for a bare status: `NOT_FOUND`, `HTTP_499`; 500 is `INTERNAL_ERROR`.
 *
 * @example
 * ```ts
 * codeForStatus(429); // 'TOO_MANY_REQUESTS'
 * ```
 */
export function codeForStatus(status: number): string {
  if (status === 500) return 'INTERNAL_ERROR';
  const phrase = REASON_PHRASES[status];
  if (!phrase) return `HTTP_${status}`;
  return phrase
    .replace(/'/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/**
 * The severity a status implies when nothing more specific is known.
 *
 * @example
 * ```ts
 * severityForStatus(401); // 'high'
 * ```
 */
export function severityForStatus(status: number): Severity {
  if (status === 500) return 'critical';
  if (status >= 500) return 'high';
  if (status === 401 || status === 403) return 'high';
  if (status === 409 || status === 422 || status === 429) return 'medium';
  return 'low';
}

/**
 * The generic client message for a status: never contains internals (the only kind of
 * `detail` a 5xx problem body ever shows).
 *
 * @example
 * ```ts
 * genericUserMessage(503); // 'The service is temporarily unavailable. Please try again later.'
 * ```
 */
export function genericUserMessage(status: number): string {
  if (status === 502 || status === 504) return GENERIC_UPSTREAM_MESSAGE;
  if (status === 503) return GENERIC_UNAVAILABLE_MESSAGE;
  if (status >= 500) return GENERIC_SERVER_MESSAGE;
  return CLIENT_MESSAGES[status] ?? GENERIC_CLIENT_MESSAGE;
}

/**
 * The defaults of an error known only by its status (`new AppError(msg, { status: 404 })`).
 *
 * @example
 * ```ts
 * statusDefaults(404).code; // 'NOT_FOUND'
 * ```
 */
export function statusDefaults(status: number): ErrorDefaults {
  return {
    code: codeForStatus(status),
    status,
    severity: severityForStatus(status),
    title: reasonPhrase(status),
    userMessage: genericUserMessage(status),
    retryable: RETRYABLE_STATUSES.has(status),
  };
}
