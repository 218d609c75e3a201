import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// The lookbehind makes a match start only at the beginning of a run of local-part characters,
// so each run is tried once (linear); local part <= 64 (RFC 5321), labels and TLD bounded.
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,63}/g;

/**
 * Email addresses (`jane.doe+tag@example.co.uk` → `[EMAIL]`).
 *
 * @example
 * ```ts
 * emailDetector.scan('mail jane@example.com', (s, e) => {}); // reports [5, 21)
 * ```
 */
export const emailDetector: Detector = {
  name: 'email',
  triggers: TRIGGERS.AT,
  mask: '[EMAIL]',
  mayMatch: (text) => text.includes('@'),
  scan: (text, report) => scanRegex(EMAIL, text, report),
};
