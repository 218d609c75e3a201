import { diag } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { describe } from './diagnostics.js';

/**
 * Bounded, rate-limited reporting of export failures: one summary per interval, not one line per
 * failed batch.
 *
 * @example
 * ```ts
 * const reporter: ExportFailureReporter = createExportFailureReporter();
 * reporter.failed('traces', new Error('Request timed out'));
 * ```
 */
export interface ExportFailureReporter {
  /** Counts a failed export (an error object is counted once, whoever passes it on). */
  failed(signal: string, error: unknown): void;
  /** Counts a successful export, so a summary can say whether anything got through. */
  delivered(signal: string): void;
  /** Counts dropped items (queue full). */
  dropped(signal: string, count: number): void;
  /** Totals since start, for tests and the shutdown summary. */
  totals(): { failures: number; dropped: number; delivered: number };
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * Creates the reporter and routes the OTel global error handler through it. The first problem is
 * reported at once; later ones are summarised when `intervalMs` has passed since the last report
 * (by an unref'd timer: it never keeps the process alive).
 *
 * @example
 * ```ts
 * const reporter = createExportFailureReporter(30_000);
 * reporter.failed('traces', new Error('ECONNREFUSED'));
 * ```
 */
export function createExportFailureReporter(intervalMs = 30_000): ExportFailureReporter {
  const totals = { failures: 0, dropped: 0, delivered: 0 };
  let pending = { failures: 0, dropped: 0, delivered: 0 };
  let lastReport: number | undefined;
  let lastError = '';
  let timer: NodeJS.Timeout | undefined;
  // The batch processors pass the exporter's error on to the global error handler.
  const counted = new WeakSet<object>();

  const report = () => {
    timer = undefined;
    if (pending.failures === 0 && pending.dropped === 0) return;
    const headline = pending.failures > 0 ? 'telemetry export failing' : 'telemetry queues full';
    const since = lastReport === undefined ? 'start' : 'the last report';
    const dropped =
      pending.dropped === 0
        ? 'no items dropped'
        : pending.dropped === 1
          ? '1 item dropped from a full queue'
          : `${pending.dropped} items dropped from full queues`;
    const delivered =
      pending.delivered === 0
        ? 'nothing delivered'
        : `${plural(pending.delivered, 'export', 'exports')} delivered`;
    diag.warn(
      `sightline: ${headline}: ${plural(pending.failures, 'export failed', 'exports failed')} since ${since} (${lastError}); ${dropped}; ${delivered}; the app is unaffected`,
    );
    lastReport = Date.now();
    pending = { failures: 0, dropped: 0, delivered: 0 };
  };

  const maybeReport = () => {
    if (lastReport === undefined || Date.now() - lastReport >= intervalMs) {
      clearTimeout(timer);
      report();
    } else {
      timer ??= setTimeout(report, lastReport + intervalMs - Date.now());
      timer.unref();
    }
  };

  const reporter: ExportFailureReporter = {
    failed(signal, error) {
      if (typeof error === 'object' && error !== null) {
        if (counted.has(error)) return;
        counted.add(error);
      }
      totals.failures++;
      pending.failures++;
      lastError = `${signal}: ${describe(error).slice(0, 200)}`;
      maybeReport();
    },
    delivered() {
      totals.delivered++;
      pending.delivered++;
    },
    dropped(signal, count) {
      totals.dropped += count;
      pending.dropped += count;
      lastError ||= `${signal}: queue full`;
      maybeReport();
    },
    totals: () => ({ ...totals }),
  };
  setGlobalErrorHandler((error) => reporter.failed('sdk', error));
  return reporter;
}
