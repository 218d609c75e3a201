import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Not preceded by a word char or dot, not followed by one more dotted number (versions like
// 1.2.3.4.5 stay); a port (`:8080`) may follow.
const IPV4 = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`, 'g');

/**
 * Dotted-quad IPv4 addresses (`203.0.113.7` → `[IP]`). Off by default in `attributes()`.
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
  scan: (text, report) => scanRegex(IPV4, text, report),
};
