import { BlockList, isIPv6 } from 'node:net';
import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// A cheap candidate (colon-separated hex groups, optional embedded IPv4), confirmed by
// node:net's exact parser. Each group ends in `:` and hex excludes `:`, so the repetition is
// deterministic; the lookbehind starts candidates only at the beginning of a run (linear).
const CANDIDATE =
  /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:])/g;

// Loopback: `::1` in any spelling, and IPv4-mapped 127.0.0.0/8 (`::ffff:127.0.0.1`, the
// remote address Node reports for a local client on a dual-stack socket). BlockList knows
// every spelling but costs microseconds, so only plausible candidates are checked.
const LOOPBACK = new BlockList();
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
// The unspecified address (`listening on [::]:3000`) names no host at all.
LOOPBACK.addAddress('::', 'ipv6');
LOOPBACK.addAddress('0.0.0.0', 'ipv4');
const MAYBE_LOOPBACK = /:0{0,3}1$|:(?:127\.|7f)|:$|:0{1,4}$|0\.0\.0\.0$/i;

/**
 * IPv6 addresses, full or compressed (`2001:db8::1`, `::ffff:192.0.2.1` → `[IP]`). Times
 * (`10:20:30`) and MAC addresses fail validation. Loopback (`::1`, `::ffff:127.0.0.1`) is the
 * host itself, not personal data, and stays readable, as does the unspecified `::`. Off by default in `attributes()`.
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
  scan: (text, report) =>
    scanRegex(CANDIDATE, text, report, (match) => isIPv6(match[0]) && !isLoopback(match[0])),
};

function isLoopback(address: string): boolean {
  return MAYBE_LOOPBACK.test(address) && LOOPBACK.check(address, 'ipv6');
}
