/**
 * The liveness path served by the health routes.
 *
 * @example
 * ```ts
 * await fetch(`http://localhost:3000${LIVENESS_PATH}`);
 * ```
 */
export const LIVENESS_PATH = '/healthz';

/**
 * The readiness path served by the health routes.
 *
 * @example
 * ```ts
 * await fetch(`http://localhost:3000${READINESS_PATH}`);
 * ```
 */
export const READINESS_PATH = '/readyz';

/**
 * Health-check paths (with the common `/livez` alias): their server spans are never sampled and
 * their requests are not logged. Defined once; the sampler, the adapters and the health routes
 * read it.
 *
 * @example
 * ```ts
 * HEALTH_PATHS.includes(new URL(request.url).pathname);
 * ```
 */
export const HEALTH_PATHS: readonly string[] = Object.freeze([
  LIVENESS_PATH,
  READINESS_PATH,
  '/livez',
]);
