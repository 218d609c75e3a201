import { createRequire } from 'node:module';

/**
 * Synchronous, lazy module loading. The preload must be synchronous for `--require` (CommonJS
 * apps load `http` right after it), and modules of disabled features must never be loaded:
 * they cost start-up time (measured: the full SDK set adds ~600 ms).
 *
 * @example
 * ```ts
 * const { HttpInstrumentation } = lazyRequire('@opentelemetry/instrumentation-http');
 * ```
 */
export const lazyRequire: NodeJS.Require = createRequire(import.meta.url);
