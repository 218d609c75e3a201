import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// xoxb- (bot), xoxp- (user), xoxa-/xoxr- (app/refresh), xoxs-, xoxe- (rotating), xapp- (app-level).
const SLACK_TOKEN = /(?<![A-Za-z0-9])(?:xox[baprse]-|xapp-)[A-Za-z0-9-]{10,250}/g;

/**
 * Slack tokens (`xoxb-…`, `xoxp-…`, `xapp-…` → `[SLACK_TOKEN]`).
 *
 * @example
 * ```ts
 * slackTokenDetector.mayMatch('xoxb-123456789012-1234567890123-abc'); // true
 * ```
 */
export const slackTokenDetector: Detector = {
  name: 'slackToken',
  triggers: TRIGGERS.DASH,
  mask: '[SLACK_TOKEN]',
  mayMatch: (text) => text.includes('xox') || text.includes('xapp-'),
  scan: (text, report) => scanRegex(SLACK_TOKEN, text, report),
};
