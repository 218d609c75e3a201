import { SeverityNumber } from '@opentelemetry/api-logs';
import { describe, expect, it } from 'vitest';
import { logSeverityFor } from '../../src/core/telemetry/index.js';

describe('logSeverityFor', () => {
  it.each([
    ['low', SeverityNumber.WARN, 'WARN'],
    ['medium', SeverityNumber.WARN, 'WARN'],
    ['high', SeverityNumber.ERROR, 'ERROR'],
    ['critical', SeverityNumber.FATAL, 'FATAL'],
  ] as const)('maps handled %s to %i %s', (severity, number, text) => {
    expect(logSeverityFor(severity)).toEqual({ severityNumber: number, severityText: text });
  });

  it('raises unhandled errors to at least ERROR', () => {
    expect(logSeverityFor('low', false).severityNumber).toBe(SeverityNumber.ERROR);
    expect(logSeverityFor('medium', false).severityNumber).toBe(SeverityNumber.ERROR);
    expect(logSeverityFor('critical', false).severityNumber).toBe(SeverityNumber.FATAL);
  });
});
