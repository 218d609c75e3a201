import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Not preceded by a word char or dot, not followed by one more dotted number (versions like
// 1.2.3.4.5 stay); a port (`:8080`) may follow.
const IPV4 = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`, 'g');
// The regex starts a match at the first octet, so `127.` there means 127.0.0.0/8.
const LOOPBACK_PREFIX = '127.';
// The unspecified address (`listening on 0.0.0.0:3000`) names no host at all.
const UNSPECIFIED = '0.0.0.0';

/**
 * Dotted-quad IPv4 addresses (`203.0.113.7` → `[IP]`). Loopback (127.0.0.0/8) is the host
 * itself, not personal data, and stays readable (`listening on 127.0.0.1:3000`), as does the
 * unspecified `0.0.0.0`; private
 * ranges (10/8, 192.168/16 …) are masked like any other. Off by default in `attributes()`.
 *
 * @example
 * ```ts
 * ipv4Detector.scan('from 203.0.113.7:443', (s, e) => {}); // reports [5, 16)
 * ```
 */
export const ipv4Detector: Detector = {
  name: 'ipv4',
  triggers: TRIGGERS.DIGIT | TRIGGERS.DOT,
  mask: '[IP]',
  mayMatch: (text) => text.includes('.'),
  scan: (text, report) =>
    scanRegex(
      IPV4,
      text,
      report,
      (match) => !match[0].startsWith(LOOPBACK_PREFIX) && match[0] !== UNSPECIFIED,
    ),
};
