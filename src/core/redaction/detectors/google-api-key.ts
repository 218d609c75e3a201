import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

const GOOGLE_API_KEY = /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g;

/**
 * Google API keys (`AIza` + 35 characters → `[GOOGLE_API_KEY]`).
 *
 * @example
 * ```ts
 * googleApiKeyDetector.mayMatch('key=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe'); // true
 * ```
 */
export const googleApiKeyDetector: Detector = {
  name: 'googleApiKey',
  triggers: TRIGGERS.UPPER_A,
  mask: '[GOOGLE_API_KEY]',
  mayMatch: (text) => text.includes('AIza'),
  scan: (text, report) => scanRegex(GOOGLE_API_KEY, text, report),
};
