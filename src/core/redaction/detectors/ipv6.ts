import { isIPv6 } from 'node:net';
import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// A cheap candidate (colon-separated hex groups, optional embedded IPv4), confirmed by
// node:net's exact parser. Each group ends in `:` and hex excludes `:`, so the repetition is
// deterministic; the lookbehind starts candidates only at the beginning of a run (linear).
const CANDIDATE =
  /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:])/g;

/**
 * IPv6 addresses, full or compressed (`2001:db8::1`, `::1`, `::ffff:192.0.2.1` → `[IP]`).
 * Times (`10:20:30`) and MAC addresses fail validation. Off by default in `attributes()`.
 *
 * @example
 * ```ts
 * ipv6Detector.scan('peer 2001:db8::1 closed', (s, e) => {}); // reports [5, 16)
 * ```
 */
export const ipv6Detector: Detector = {
  name: 'ipv6',
  triggers: TRIGGERS.COLON,
  mask: '[IP]',
  mayMatch: (text) => text.includes(':'),
  scan: (text, report) => scanRegex(CANDIDATE, text, report, (match) => isIPv6(match[0])),
};
