import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// `Bearer <token>`, `Basic <base64>`, `Token <token>` (GitHub style); only the credential is
// masked, the scheme stays so readers know what kind of credential was there.
const AUTHORIZATION = /\b(bearer|basic|token)([ \t]{1,16})([A-Za-z0-9._~+/-]{6,8192}=*)/gi;
const DIGIT_OR_SYMBOL = /[0-9+/=_.~-]/;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;

/**
 * Bearer/Basic/Token credentials (`Authorization: Bearer abc.def` →
 * `Authorization: Bearer [CREDENTIAL]`). To spare prose ("Basic information"), the credential
 * must contain a digit or one of `+/=_.~-`, or mix case after its first letter.
 *
 * @example
 * ```ts
 * authorizationCredentialDetector.mayMatch('Basic dXNlcjpwYXNz'); // true
 * ```
 */
export const authorizationCredentialDetector: Detector = {
  name: 'authorizationCredential',
  triggers: TRIGGERS.SPACE,
  mask: '[CREDENTIAL]',
  mayMatch: (text) => PRECHECK.test(text),
  scan: (text, report) =>
    scanRegex(AUTHORIZATION, text, report, (match) => {
      const credential = match[3] ?? '';
      if (!looksLikeCredential(credential)) return false;
      const start = match.index + (match[1]?.length ?? 0) + (match[2]?.length ?? 0);
      return [start, start + credential.length, match.index];
    }),
};

const PRECHECK = /bearer|basic|token/i;

function looksLikeCredential(credential: string): boolean {
  if (DIGIT_OR_SYMBOL.test(credential)) return true;
  return UPPER.test(credential.slice(1)) && LOWER.test(credential);
}
