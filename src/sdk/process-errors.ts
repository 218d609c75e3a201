import { diag } from '@opentelemetry/api';
import type * as RecordErrorModule from '../core/telemetry/record-error.js';
import type { RecordErrorOptions } from '../core/telemetry/record-error.js';
import { lazyRequire } from './lazy-require.js';

type Recorder = (error: unknown, options: RecordErrorOptions) => unknown;

/**
 * The error core (taxonomy, problem details, telemetry) stays off the preload's critical path:
 * it is loaded when the first process-level error happens — synchronously where Node can
 * `require` ESM (20.19+), so the record is made before an app handler can exit. (A background
 * `import()` at start-up would race with CommonJS apps requiring the same modules.)
 */
let recorder: Recorder | undefined;
function loadRecorderSync(): Recorder | undefined {
  try {
    recorder ??= (lazyRequire('../core/telemetry/record-error.js') as typeof RecordErrorModule)
      .recordError;
  } catch {
    // Node < 20.19 cannot require ESM: the caller falls back to import().
  }
  return recorder;
}

/** Records now when possible, else once the recorder is imported; never rejects. */
function recordProcessError(error: unknown, options: RecordErrorOptions): Promise<unknown> {
  const now = loadRecorderSync();
  if (now) return Promise.resolve(now(error, options));
  return import('../core/telemetry/record-error.js').then(
    (module) => (recorder = module.recordError)(error, options),
    (failure: unknown) => diag.error('sightline: could not load the error recorder', failure),
  );
}

/**
 * What an unhandled promise rejection does: record and warn (default), record and exit, or nothing.
 *
 * @example
 * ```ts
 * start({ unhandledRejections: 'strict' });
 * ```
 */
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
  let lastRecording: Promise<unknown> = Promise.resolve();
  const onMonitor = (error: unknown) => {
    lastRecording = recordProcessError(error, { handled: false, severity: 'critical' });
  };
  const onUncaught = (error: unknown) => {
    // Another listener means the app decided what an uncaught exception does.
    if (process.listenerCount('uncaughtException') > 1) return;
    process.stderr.write(`${describe(error)}\n`);
    // The monitor recorded it; flush that record, then exit as Node would have.
    void lastRecording.then(() => sdk.shutdown()).finally(() => process.exit(1));
  };
  const onRejection = (reason: unknown) => {
    const recording = recordProcessError(reason, {
      handled: false,
      severity: rejections === 'strict' ? 'critical' : 'high',
    });
    if (rejections === 'strict') {
      process.stderr.write(`Unhandled promise rejection: ${describe(reason)}\n`);
      void recording.then(() => sdk.shutdown()).finally(() => process.exit(1));
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
