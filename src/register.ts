/**
 * The preload: `node --import sightline/register app.js`.
 *
 * Registers import-in-the-middle's ESM loader hook in include-list mode (only modules that an
 * enabled instrumentation patches are wrapped) before app code loads — without the hook, ESM
 * apps get no HTTP spans — then starts the SDK and waits until the loader acknowledged every
 * hooked module name.
 *
 * @example
 * ```sh
 * node --import sightline/register server.mjs
 * ```
 * @module
 */
import { register as registerLoader } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { getBoolean } from './sdk/env.js';
import { startFromEnvironment } from './sdk/preload.js';

if (isMainThread && !getBoolean(process.env, 'OTEL_SDK_DISABLED', false)) {
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  registerLoader('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  startFromEnvironment();
  await waitForAllMessagesAcknowledged();
}
