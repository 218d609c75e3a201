import { AppError, defaultsOf } from './app-error.js';
import { genericUserMessage } from './http-status.js';
import { mergeDetails } from './details.js';
import { registerErrorClass } from './registry.js';
import type { AppErrorOptions, ErrorDefaults } from './types.js';

/**
 * The caller is not authenticated (401, high). Sends `WWW-Authenticate: Bearer` (RFC 9110
 * requires a challenge on 401); pass `headers` to announce another scheme.
 *
 * @example
 * ```ts
 * if (!header) throw new AuthenticationError('no Authorization header');
 * ```
 */
export class AuthenticationError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    code: 'AUTHENTICATION_REQUIRED',
    status: 401,
    severity: 'high',
    title: 'Authentication required',
    userMessage: genericUserMessage(401),
    retryable: false,
    headers: { 'WWW-Authenticate': 'Bearer' },
    runbook: {
      meaning: 'The request carries no usable credentials.',
      causes: ['Missing `Authorization` header or session cookie.', 'A client logged out.'],
      actions: [
        'Clients: authenticate and retry with credentials.',
        'Operators: a spike can mean a broken login flow or an auth proxy dropping headers.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }

  constructor(message?: string, options: AppErrorOptions = {}) {
    super(message ?? defaultsOf(new.target).title, options);
  }
}

/**
 * The presented token is malformed, badly signed or revoked (401, high; RFC 6750
 * `error="invalid_token"` challenge).
 *
 * @example
 * ```ts
 * throw new InvalidTokenError('signature mismatch', { cause: jwtError });
 * ```
 */
export class InvalidTokenError extends AuthenticationError {
  static override readonly defaults: ErrorDefaults = {
    ...AuthenticationError.defaults,
    code: 'INVALID_TOKEN',
    title: 'Invalid token',
    userMessage: 'The access token is invalid.',
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    runbook: {
      meaning: 'The access token could not be verified.',
      causes: [
        'Tampered or truncated token.',
        'Signing keys rotated without clients refreshing.',
        'Token issued for another audience or environment.',
      ],
      actions: [
        'Clients: obtain a new token.',
        'Operators: after a key rotation, check the JWKS cache and issuer configuration.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }
}

/**
 * The presented token has expired (401, high; RFC 6750 challenge with a description).
 *
 * @example
 * ```ts
 * if (claims.exp * 1000 < Date.now()) throw new TokenExpiredError('token expired');
 * ```
 */
export class TokenExpiredError extends AuthenticationError {
  static override readonly defaults: ErrorDefaults = {
    ...AuthenticationError.defaults,
    code: 'TOKEN_EXPIRED',
    title: 'Token expired',
    userMessage: 'The access token has expired.',
    headers: {
      'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The token expired"',
    },
    runbook: {
      meaning: 'The access token was valid but is past its expiry time.',
      causes: ['A client does not refresh tokens.', 'Clock skew between issuer and service.'],
      actions: [
        'Clients: refresh the token and retry.',
        'Operators: many expiries right after issuance point at clock skew (check NTP).',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }
}

/**
 * Options of `AuthorizationError`.
 *
 * @example
 * ```ts
 * const options: AuthorizationOptions = { requiredPermission: 'invoices:write' };
 * ```
 */
export interface AuthorizationOptions extends AppErrorOptions {
  /** The permission the caller lacks, e.g. `invoices:write`. */
  requiredPermission?: string;
}

/**
 * The caller is authenticated but not allowed to do this (403, high).
 *
 * @example
 * ```ts
 * throw new AuthorizationError('user 42 cannot refund', { requiredPermission: 'payments:refund' });
 * ```
 */
export class AuthorizationError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    code: 'PERMISSION_DENIED',
    status: 403,
    severity: 'high',
    title: 'Permission denied',
    userMessage: genericUserMessage(403),
    retryable: false,
    runbook: {
      meaning: 'The caller is known but lacks the permission the operation requires.',
      causes: ['Missing role or scope.', 'The resource belongs to another tenant.'],
      actions: [
        'Clients: request the permission named in `details.requiredPermission`.',
        'Operators: repeated denials from one identity can be probing; review audit logs.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }

  declare readonly requiredPermission?: string;

  constructor(message?: string, options: AuthorizationOptions = {}) {
    const { requiredPermission, ...rest } = options;
    super(message ?? defaultsOf(new.target).title, {
      ...rest,
      details: mergeDetails({ requiredPermission }, rest.details),
    });
    if (requiredPermission !== undefined) this.requiredPermission = requiredPermission;
  }
}
