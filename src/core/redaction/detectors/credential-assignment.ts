import { scanRegex } from './scan-regex.js';
import type { Detector } from './types.js';

// `password=hunter2`, `"api_key": "…"`, `token: abc` in free text (exception messages, log
// messages, connection strings). Only the value is masked, so the message stays readable.
// Every repetition is bounded and the pattern starts at a word boundary: linear time.
const ASSIGNMENT =
  /(?<![A-Za-z0-9])(?:password|passwd|pwd|passphrase|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?key|apikey|private[_-]?key|session[_-]?id|credentials?)["']?[ \t]{0,3}[=:][ \t]{0,3}["']?([^\s"'&,;}\]]{1,512})/gi;
const KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'session', 'credential'] as const;

/**
 * Secrets assigned to a sensitive name in free text (`password=hunter2` →
 * `password=[REDACTED]`); structured values are covered by key matching instead.
 *
 * @example
 * ```ts
 * credentialAssignmentDetector.mayMatch('login failed: password=hunter2'); // true
 * ```
 */
export const credentialAssignmentDetector: Detector = {
  name: 'credentialAssignment',
  triggers: 0,
  mask: '[REDACTED]',
  mayMatch: (text) => {
    if (!text.includes('=') && !text.includes(':')) return false;
    const lower = text.toLowerCase();
    return KEYWORDS.some((keyword) => lower.includes(keyword));
  },
  scan: (text, report) =>
    scanRegex(ASSIGNMENT, text, report, (match) => {
      const value = match[1] ?? '';
      const end = match.index + match[0].length;
      return [end - value.length, end, match.index] as const;
    }),
};
