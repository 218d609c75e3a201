import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// Classic tokens: ghp_ (personal), gho_ (OAuth), ghu_/ghs_ (app user/server), ghr_ (refresh)
// + 36 alphanumerics; fine-grained: github_pat_ + 22+ word characters.
const GITHUB_TOKEN =
  /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})/g;

/**
 * GitHub tokens (`ghp_…`, `gho_…`, `ghu_…`, `ghs_…`, `ghr_…`, `github_pat_…` → `[GITHUB_TOKEN]`).
 *
 * @example
 * ```ts
 * githubTokenDetector.mayMatch('token ghp_0123456789abcdefghijABCDEFGHIJ012345'); // true
 * ```
 */
export const githubTokenDetector: Detector = {
  name: 'githubToken',
  triggers: TRIGGERS.UNDERSCORE,
  mask: '[GITHUB_TOKEN]',
  mayMatch: (text) => text.includes('gh') || text.includes('github_pat_'),
  scan: (text, report) => scanRegex(GITHUB_TOKEN, text, report),
};
