/**
 * Default base of problem `type` URIs; each code has a section in docs/errors.md.
 *
 * @example
 * ```ts
 * problemTypeUri('USER_NOT_FOUND', DEFAULT_PROBLEM_TYPE_BASE);
 * ```
 */
export const DEFAULT_PROBLEM_TYPE_BASE = '/problems';

/**
 * The problem `type` URI of an error code: `<base>/<code in kebab case>`.
 *
 * @example
 * ```ts
 * problemTypeUri('USER_NOT_FOUND'); // '/problems/user-not-found'
 * ```
 */
export function problemTypeUri(code: string, typeBaseUri = DEFAULT_PROBLEM_TYPE_BASE): string {
  return `${typeBaseUri.replace(/\/+$/, '')}/${kebabCase(code)}`;
}

/**
 * `USER_NOT_FOUND` → `user-not-found` (also the anchor of the code in docs/errors.md).
 *
 * @example
 * ```ts
 * kebabCase('RATE_LIMIT_EXCEEDED'); // 'rate-limit-exceeded'
 * ```
 */
export function kebabCase(code: string): string {
  return code
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
