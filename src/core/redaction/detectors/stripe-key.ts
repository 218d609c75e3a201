import { scanRegex } from './scan-regex.js';
import { TRIGGERS, type Detector } from './types.js';

// Secret (sk_) and restricted (rk_) keys; publishable keys (pk_) are public by design.
const STRIPE_KEY = /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}/g;
const MARKERS = ['k_live_', 'k_test_', 'k_prod_'] as const;

/**
 * Stripe secret and restricted keys (`sk_live_…`, `rk_live_…`, `sk_test_…` → `[STRIPE_KEY]`).
 *
 * @example
 * ```ts
 * stripeKeyDetector.mayMatch('sk_live_4eC39HqLyjWDarjtT1zdp7dc'); // true
 * ```
 */
export const stripeKeyDetector: Detector = {
  name: 'stripeKey',
  triggers: TRIGGERS.UNDERSCORE,
  mask: '[STRIPE_KEY]',
  mayMatch: (text) => MARKERS.some((marker) => text.includes(marker)),
  scan: (text, report) => scanRegex(STRIPE_KEY, text, report),
};
