import { defaultsOf, isErrorCode } from './app-error.js';
import type { AppError } from './app-error.js';
import { isErrorStatus } from './http-status.js';
import { registerErrorClass } from './registry.js';
import { SEVERITIES } from './types.js';
import type { ErrorDefaults, Runbook, Severity } from './types.js';

/**
 * What a domain error changes relative to its base category.
 *
 * @example
 * ```ts
 * const definition: ErrorDefinitionInput = { name: 'UserNotFoundError', code: 'USER_NOT_FOUND' };
 * ```
 */
export interface ErrorDefinitionInput {
  /** Class name (becomes `error.name` and `exception.type`). */
  name: string;
  /** UPPER_SNAKE code; also the problem `type` slug (`USER_NOT_FOUND` → `user-not-found`). */
  code: string;
  status?: number;
  severity?: Severity;
  userMessage?: string;
  /** Problem `title`; defaults to the name in words (`UserNotFoundError` → `User not found`). */
  title?: string;
  retryable?: boolean;
  /** Runbook for docs/errors.md; defaults to the base category's. */
  runbook?: Runbook;
}

/** Any concrete error class (the base keeps its own constructor parameters). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mixin constructors need any[]
type ErrorClass = new (...args: any[]) => AppError;

const CLASS_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Declares a domain error in one line: a named subclass of `base` with its own code (and
 * optionally status, severity, user message), registered in the error catalog. It keeps the
 * constructor parameters of `base` and is `instanceof base`. Throws a `TypeError` on an
 * invalid name, code, status or severity (a programming error at declaration time).
 *
 * @example
 * ```ts
 * // examples/hono-app: the demo's domain errors
 * export const UserNotFoundError = defineError(ResourceNotFoundError, {
 *   name: 'UserNotFoundError',
 *   code: 'USER_NOT_FOUND',
 *   userMessage: 'The user was not found.',
 * });
 * export const DuplicateEmailError = defineError(ConflictError, {
 *   name: 'DuplicateEmailError',
 *   code: 'DUPLICATE_EMAIL',
 *   userMessage: 'An account with this email address already exists.',
 * });
 * export const InvalidEmailFormatError = defineError(ValidationError, {
 *   name: 'InvalidEmailFormatError',
 *   code: 'INVALID_EMAIL_FORMAT',
 *   userMessage: 'The email address is not valid.',
 * });
 *
 * throw new UserNotFoundError('User', id); // 404, code USER_NOT_FOUND
 * throw new InvalidEmailFormatError('bad email', { field: 'email' });
 *
 * // A `const` is a value only; to annotate with it, add a same-named type (optional):
 * export type UserNotFoundError = InstanceType<typeof UserNotFoundError>;
 * ```
 */
export function defineError<Base extends ErrorClass>(
  base: Base,
  definition: ErrorDefinitionInput,
): Base {
  const defaults = resolveDefaults(defaultsOf(base), definition);
  const Defined = class extends base {
    static readonly defaults: ErrorDefaults = defaults;
  };
  Object.defineProperty(Defined, 'name', { value: definition.name });
  registerErrorClass(Defined);
  return Defined;
}

function resolveDefaults(parent: ErrorDefaults, input: ErrorDefinitionInput): ErrorDefaults {
  const { name, code, status, severity } = input;
  if (typeof name !== 'string' || !CLASS_NAME.test(name)) {
    throw new TypeError(`defineError: name must be an identifier, got ${JSON.stringify(name)}`);
  }
  if (!isErrorCode(code)) {
    throw new TypeError(
      `defineError(${name}): code must be UPPER_SNAKE, got ${JSON.stringify(code)}`,
    );
  }
  if (status !== undefined && !isErrorStatus(status)) {
    throw new TypeError(`defineError(${name}): status must be an integer in 400–599`);
  }
  if (severity !== undefined && !SEVERITIES.includes(severity)) {
    throw new TypeError(`defineError(${name}): severity must be one of ${SEVERITIES.join(', ')}`);
  }
  return {
    ...parent,
    code,
    status: status ?? parent.status,
    severity: severity ?? parent.severity,
    title: input.title ?? words(name),
    userMessage: input.userMessage ?? parent.userMessage,
    retryable: input.retryable ?? parent.retryable,
    ...(input.runbook ? { runbook: input.runbook } : {}),
  };
}

/** `UserNotFoundError` → `User not found`. */
function words(name: string): string {
  const spaced = name
    .replace(/Error$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return spaced ? spaced[0]!.toUpperCase() + spaced.slice(1) : name;
}
