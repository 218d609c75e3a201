import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// AAA-GG-SSSS with one consistent separator (dash or space); area 000, 666 and 9xx, group 00
// and serial 0000 are never issued, so they are not masked.
const SSN = /(?<![\w.-])(?!000|666|9)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-]|\.\d)/g;

/**
 * US Social Security numbers written with separators (`078-05-1120` → `[SSN]`). Nine bare
 * digits are not masked (indistinguishable from ids).
 *
 * @example
 * ```ts
 * ssnDetector.scan('ssn 078-05-1120', (s, e) => {}); // reports [4, 15)
 * ```
 */
export const ssnDetector: Detector = {
  name: 'ssn',
  triggers: TRIGGERS.DIGIT,
  mask: '[SSN]',
  mayMatch: (text) => text.includes('-') || text.includes(' '),
  scan: (text, report) => scanRegex(SSN, text, report),
};
