import { diag } from '@opentelemetry/api';
import { recordError } from '../core/telemetry/index.js';

/** What an unhandled promise rejection does: record and warn (default), record and exit, or nothing. */
export type UnhandledRejectionMode = 'warn' | 'strict' | 'none';

/**
 * Records process-level errors without changing how the app handles them:
 * - `uncaughtException`: always recorded (critical, unhandled) from `uncaughtExceptionMonitor`.
 *   When the app has no handler of its own, the SDK does what Node would — print the stack and
 *   exit 1 — but flushes telemetry (bounded) first, so the crash reaches the backend.
 * - `unhandledRejection`: `warn` records it and warns on stderr, the process keeps running;
 *   `strict` records, flushes and exits 1; `none` installs nothing (Node's own behaviour).
 * Returns an uninstall function.
 *
 * @example
 * ```ts
 * const uninstall = installProcessErrorHandlers({ shutdown: () => sdk.shutdown() }, 'warn');
 * ```
 */
export function installProcessErrorHandlers(
  sdk: { shutdown(): Promise<unknown> },
  rejections: UnhandledRejectionMode,
): () => void {
  const onMonitor = (error: unknown) => {
    recordError(error, { handled: false, severity: 'critical' });
  };
  const onUncaught = (error: unknown) => {
    // Another listener means the app decided what an uncaught exception does.
    if (process.listenerCount('uncaughtException') > 1) return;
    process.stderr.write(`${describe(error)}\n`);
    void sdk.shutdown().finally(() => process.exit(1));
  };
  const onRejection = (reason: unknown) => {
    recordError(reason, {
      handled: false,
      severity: rejections === 'strict' ? 'critical' : 'high',
    });
    if (rejections === 'strict') {
      process.stderr.write(`Unhandled promise rejection: ${describe(reason)}\n`);
      void sdk.shutdown().finally(() => process.exit(1));
    } else {
      diag.warn(
        `sightline: unhandled promise rejection recorded (${describe(reason).split('\n')[0]})`,
      );
    }
  };
  process.on('uncaughtExceptionMonitor', onMonitor);
  process.on('uncaughtException', onUncaught);
  if (rejections !== 'none') process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtExceptionMonitor', onMonitor);
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onRejection);
  };
}

function describe(error: unknown): string {
  try {
    if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
    return `Uncaught ${typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error))}`;
  } catch {
    return 'Uncaught exception (unprintable value)';
  }
}
