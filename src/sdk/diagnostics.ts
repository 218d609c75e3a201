import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';

/**
 * The SDK's own diagnostics go to stderr, one line each, so they never mix with the app's
 * stdout JSON logs.
 *
 * @example
 * ```ts
 * diag.setLogger(new StderrDiagLogger(), DiagLogLevel.INFO);
 * ```
 */
export class StderrDiagLogger implements DiagLogger {
  /** Receives the processors' "Dropped N spans" warnings so they are rate-limited too. */
  reporter: ExportFailureReporter | undefined;
  error = (message: string, ...args: unknown[]) => {
    // The SDK packages re-read some OTEL_* variables we already validated and warned about
    // (one warning per bad variable, naming the fallback): drop their duplicate complaint.
    if (!/^OTEL_\w+ value ".*" invalid, defaulting to/.test(message)) write('error', message, args);
  };
  warn = (message: string, ...args: unknown[]) => {
    const dropped = this.reporter && /^Dropped (\d+) /.exec(message);
    if (dropped) this.reporter?.dropped('export queue', Number(dropped[1]));
    else write('warn', message, args);
  };
  info = (message: string, ...args: unknown[]) => write('info', message, args);
  debug = (message: string, ...args: unknown[]) => write('debug', message, args);
  verbose = (message: string, ...args: unknown[]) => write('verbose', message, args);
}

function write(level: string, message: string, args: unknown[]): void {
  const extra = args.length === 0 ? '' : ` ${args.map(describe).join(' ')}`;
  try {
    process.stderr.write(`[sightline] ${level}: ${message}${extra}\n`);
  } catch {
    // stderr closed: nothing sensible is left to do.
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Installs the stderr diag logger at `level`, unless the app installed its own logger first.
 *
 * @example
 * ```ts
 * installDiagLogger(DiagLogLevel.WARN);
 * ```
 */
export function installDiagLogger(level: DiagLogLevel): StderrDiagLogger {
  const logger = new StderrDiagLogger();
  diag.setLogger(logger, { logLevel: level, suppressOverrideMessage: true });
  return logger;
}

/** Bounded, rate-limited reporting of export failures (not one line per failed batch). */
export interface ExportFailureReporter {
  /** Counts a failure; reports at most once per interval with the count since the last report. */
  failed(signal: string, error: unknown): void;
  /** Counts dropped items (queue full). */
  dropped(signal: string, count: number): void;
  /** Totals since start, for tests and the shutdown summary. */
  totals(): { failures: number; dropped: number };
}

/**
 * Creates the reporter and routes the OTel global error handler through it, so a collector
 * outage yields one warning per interval instead of one per batch.
 *
 * @example
 * ```ts
 * const reporter = createExportFailureReporter(30_000);
 * reporter.failed('traces', new Error('ECONNREFUSED'));
 * ```
 */
export function createExportFailureReporter(intervalMs = 30_000): ExportFailureReporter {
  let failures = 0;
  let dropped = 0;
  let pendingFailures = 0;
  let pendingDropped = 0;
  let lastReport = -Infinity;
  let lastError = '';

  const maybeReport = () => {
    const now = Date.now();
    if (now - lastReport < intervalMs) return;
    lastReport = now;
    diag.warn(
      `sightline: telemetry export failing (${pendingFailures} failed exports, ${pendingDropped} items dropped in the last ${Math.round(intervalMs / 1000)} s; last error: ${lastError}); the app is unaffected`,
    );
    pendingFailures = 0;
    pendingDropped = 0;
  };

  const reporter: ExportFailureReporter = {
    failed(signal, error) {
      failures++;
      pendingFailures++;
      lastError = `${signal}: ${describe(error).slice(0, 200)}`;
      maybeReport();
    },
    dropped(signal, count) {
      dropped += count;
      pendingDropped += count;
      lastError ||= `${signal}: queue full`;
      maybeReport();
    },
    totals: () => ({ failures, dropped }),
  };
  setGlobalErrorHandler((error) => reporter.failed('export', error));
  return reporter;
}

export { DiagLogLevel };
