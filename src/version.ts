/**
 * The Sightline package version (kept equal to package.json by a test).
 *
 * @example
 * ```ts
 * import { SDK_VERSION } from 'sightline';
 * ```
 */
export const SDK_VERSION = '0.1.0';
