import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// `://user:password@`: userinfo made of non-delimiter characters (RFC 3986 gen-delims),
// bounded; only the userinfo is masked so the scheme and host stay readable.
const URL_CREDENTIALS = /:\/\/([^\s:/?#@]{0,256}):([^\s/?#@]{1,256})@/g;

/**
 * Credentials embedded in URLs (`postgres://app:s3cret@db:5432` →
 * `postgres://[CREDENTIAL]@db:5432`).
 *
 * @example
 * ```ts
 * urlCredentialsDetector.mayMatch('redis://:pw@cache:6379'); // true
 * ```
 */
export const urlCredentialsDetector: Detector = {
  name: 'urlCredentials',
  triggers: TRIGGERS.COLON | TRIGGERS.AT,
  mask: '[CREDENTIAL]',
  mayMatch: (text) => text.includes('://'),
  scan: (text, report) =>
    scanRegex(URL_CREDENTIALS, text, report, (match) => [
      match.index + 3,
      match.index + match[0].length - 1,
    ]),
};
