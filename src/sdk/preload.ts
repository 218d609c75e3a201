import { isMainThread } from 'node:worker_threads';
import type { LoaderHookMode } from './esm-hook.js';
import { start } from './start.js';

/**
 * The preload's synchronous part, shared by `--import` and `--require`: starts the SDK from the
 * environment in the main thread (workers inherit `--import` but must not start a second SDK).
 * Never throws into the app.
 *
 * @example
 * ```ts
 * startFromEnvironment('off'); // CommonJS preload: require-in-the-middle needs no loader hook
 * ```
 */
export function startFromEnvironment(loaderHook: LoaderHookMode = 'off'): void {
  if (!isMainThread) return;
  try {
    start({}, { loaderHook });
  } catch (error) {
    process.stderr.write(
      `[sightline] error: could not start telemetry; the app runs without it: ${String(error)}\n`,
    );
  }
}
