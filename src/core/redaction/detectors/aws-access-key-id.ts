import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

const AWS_KEY_ID =
  /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/g;
const PREFIXES = ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'] as const;

/**
 * AWS access key ids (`AKIA…`, `ASIA…` + 16 upper-case characters → `[AWS_KEY]`).
 *
 * @example
 * ```ts
 * awsAccessKeyIdDetector.mayMatch('key AKIAIOSFODNN7EXAMPLE'); // true
 * ```
 */
export const awsAccessKeyIdDetector: Detector = {
  name: 'awsAccessKeyId',
  triggers: TRIGGERS.UPPER_A,
  mask: '[AWS_KEY]',
  mayMatch: (text) => PREFIXES.some((prefix) => text.includes(prefix)),
  scan: (text, report) => scanRegex(AWS_KEY_ID, text, report),
};
