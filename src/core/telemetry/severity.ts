import { SeverityNumber } from '@opentelemetry/api-logs';
import type { Severity } from '../errors/types.js';

/**
 * Log severity of an exception log record.
 *
 * @example
 * ```ts
 * const { severityNumber, severityText }: LogSeverity = logSeverityFor('high');
 * ```
 */
export interface LogSeverity {
  severityNumber: SeverityNumber;
  severityText: 'WARN' | 'ERROR' | 'FATAL';
}

// Error severity → OTel SeverityNumber (semconv "exceptions in logs", severity considerations):
//   low      → WARN  (13)  expected client errors (validation, not found) — handled, no action
//   medium   → WARN  (13)  handled but worth watching (conflicts, rate limits, rule violations)
//   high     → ERROR (17)  needs attention (auth failures, failing dependencies)
//   critical → FATAL (21)  service health at stake (internal bugs, own infrastructure down)
// Refinement: an unhandled error (`handled === false`) is at least ERROR, because semconv
// records exceptions no application code handled at Error severity.
const SEVERITY_NUMBERS: Readonly<Record<Severity, SeverityNumber>> = {
  low: SeverityNumber.WARN,
  medium: SeverityNumber.WARN,
  high: SeverityNumber.ERROR,
  critical: SeverityNumber.FATAL,
};

/**
 * Maps an error severity to the OTel log severity of its exception record: low/medium →
 * WARN (13), high → ERROR (17), critical → FATAL (21); unhandled errors are at least ERROR.
 *
 * @example
 * ```ts
 * logSeverityFor('medium'); // { severityNumber: 13, severityText: 'WARN' }
 * logSeverityFor('low', false); // { severityNumber: 17, severityText: 'ERROR' }
 * ```
 */
export function logSeverityFor(severity: Severity, handled = true): LogSeverity {
  const mapped = SEVERITY_NUMBERS[severity] ?? SeverityNumber.ERROR;
  const severityNumber = handled ? mapped : Math.max(mapped, SeverityNumber.ERROR);
  return { severityNumber, severityText: textOf(severityNumber) };
}

function textOf(severityNumber: SeverityNumber): LogSeverity['severityText'] {
  if (severityNumber >= SeverityNumber.FATAL) return 'FATAL';
  if (severityNumber >= SeverityNumber.ERROR) return 'ERROR';
  return 'WARN';
}
