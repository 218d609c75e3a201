import { passesLuhn } from './luhn.js';
import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// Candidates: 13–19 digits starting with 2–6 (Mastercard, Amex/Diners/JCB, Visa, Discover,
// UnionPay, Maestro), bare or grouped 4-4-4-4(-3) / 4-6-5 with spaces or dashes. Starting
// digit 1 is excluded on purpose: epoch-millisecond and nanosecond timestamps start with 1.
// Groups are separated by a mandatory separator, so each alternative matches one way.
const CARD =
  /(?<![\w.+-])(?:[2-6]\d{12,18}|[2-6]\d{3}(?:[ -]\d{4}){2}(?:[ -]\d{1,4}){1,2}|[2-6]\d{3}[ -]\d{6}[ -]\d{4,5})(?![\w-]|\.\d)/g;
const DIGIT = /\d/;

/**
 * Payment card numbers (PAN) that pass the Luhn checksum → `[CARD]`. Luhn-invalid digit runs
 * are left alone.
 *
 * @example
 * ```ts
 * paymentCardDetector.scan('card 4111 1111 1111 1111', (s, e) => {}); // reports [5, 24)
 * ```
 */
export const paymentCardDetector: Detector = {
  name: 'paymentCard',
  triggers: TRIGGERS.DIGIT,
  mask: '[CARD]',
  mayMatch: (text) => DIGIT.test(text),
  scan: (text, report) =>
    scanRegex(CARD, text, report, (match) => {
      const digits = match[0].replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
    }),
};
