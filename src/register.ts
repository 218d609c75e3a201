/**
 * The preload: `node --import sightline/register app.js`.
 *
 * Starts the SDK before app code loads. When an enabled instrumentation needs it (see
 * `loaderHookMode`), it first registers import-in-the-middle's ESM loader hook in include-list
 * mode — only modules that an enabled instrumentation patches are wrapped — and waits until the
 * loader acknowledged every hooked module name. The default instrumentations need no hook: the
 * SDK patches the shared HTTP builtins for ESM apps too. An ESM app with a detected contrib
 * instrumentation (ioredis, pg, …) does: its import of even a CommonJS library goes through the
 * ESM loader, which require hooks never see (see `contribsNeedLoaderHook`).
 *
 * @example
 * ```sh
 * node --import sightline/register server.mjs
 * ```
 * @module
 */
import { register as registerLoader } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// Disabled means nothing: not even the SDK's modules are loaded.
const disabled = /^\s*true\s*$/i.test(process.env['OTEL_SDK_DISABLED'] ?? '');
if (isMainThread && !disabled) {
  const { startFromEnvironment } = await import('./sdk/preload.js');
  const { loaderHookMode } = await import('./sdk/esm-hook.js');
  const { contribsNeedLoaderHook } = await import('./sdk/contrib-instrumentations.js');
  if (loaderHookMode() === 'include-list' || contribsNeedLoaderHook()) {
    const { createAddHookMessageChannel } = await import('import-in-the-middle');
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    registerLoader('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
    startFromEnvironment('include-list');
    await waitForAllMessagesAcknowledged();
  } else {
    startFromEnvironment('off');
  }
}
