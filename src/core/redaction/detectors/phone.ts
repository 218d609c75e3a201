import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// Two shapes only, to keep false positives (ids, dates, versions, IPs) out:
// - international: `+` then 7–15 digits with at most two separators between digits;
// - North American: `(555) 123-4567`, `555-123-4567`, `555.123.4567`, optional `1-` prefix.
// Separator and digit classes are disjoint, so the repetition has one way to match (linear).
const PHONE =
  /(?<![\w+])\+[ (]{0,2}\d(?:[ .()-]{0,2}\d){6,14}(?!\d)|(?<![\w.+-])(?:1[ .-])?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-]|\.\d)/g;
const DIGIT = /\d/;

/**
 * Phone numbers in international (`+44 20 7946 0958`) or North American (`(555) 123-4567`)
 * notation → `[PHONE]`. Bare digit runs are not phone numbers here (too many ids look alike).
 *
 * @example
 * ```ts
 * phoneDetector.scan('call +1 415 555 0100', (s, e) => {}); // reports [5, 20)
 * ```
 */
export const phoneDetector: Detector = {
  name: 'phone',
  triggers: TRIGGERS.DIGIT,
  mask: '[PHONE]',
  mayMatch: (text) => DIGIT.test(text),
  scan: (text, report) => scanRegex(PHONE, text, report, (match) => countDigits(match[0]) <= 15),
};

function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}
