import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// The lookbehind makes a match start only at the beginning of a run of local-part characters,
// so each run is tried once (linear); local part <= 64 (RFC 5321), labels and TLD bounded.
// Local part: RFC 5322 atext plus dots, any Unicode letter or digit (RFC 6531); domain labels
// and TLD may be internationalised too. Fail closed: a wider run masks a little more text.
// `/` is left out so a path segment before an address (`/users/jane@x.io`) stays readable.
const EMAIL =
  /(?<![\p{L}\p{N}.!#$%&'*+=?^_`{|}~-])[\p{L}\p{N}.!#$%&'*+=?^_`{|}~-]{1,64}@(?:[\p{L}\p{N}-]{1,63}\.){1,8}\p{L}{2,63}/gu;

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
