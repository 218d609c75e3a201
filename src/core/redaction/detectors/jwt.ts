import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// header.payload[.signature], base64url; the signature is optional so unsigned and truncated
// tokens are still caught. The lookbehind starts a match only at the start of a base64url run.
const JWT =
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,8192}\.ey[A-Za-z0-9_-]{2,65536}(?:\.[A-Za-z0-9_-]{0,8192})?/g;

/**
 * JSON Web Tokens (`eyJhbGciOi….eyJzdWIi….sig` → `[JWT]`).
 *
 * @example
 * ```ts
 * jwtDetector.mayMatch('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc'); // true
 * ```
 */
export const jwtDetector: Detector = {
  name: 'jwt',
  triggers: TRIGGERS.DOT,
  mask: '[JWT]',
  mayMatch: (text) => text.includes('eyJ'),
  scan: (text, report) => scanRegex(JWT, text, report),
};
