import { createHmac } from 'node:crypto';
import { isOwnToken, KEY_MASK } from './tokens.js';
import type { RedactionAction } from './types.js';

export { KEY_MASK };

/**
 * Turns a sensitive value into its replacement according to the policy's action.
 *
 * @example
 * ```ts
 * createCensor('mask').forKey('hunter2'); // '[REDACTED]'
 * ```
 */
export interface Censor {
  readonly action: RedactionAction;
  /** Replacement for a value under a sensitive key; `undefined` means "drop the key". */
  forKey(value: unknown): string | undefined;
  /**
   * Replacement for `source.slice(start, end)`, found by a detector whose mask is `mask`
   * (e.g. `[EMAIL]`). Takes positions so that `mask` never copies the matched text.
   */
  forMatch(mask: string, source: string, start: number, end: number): string;
}

/**
 * Builds the censor for an action. `hmac` needs a key and never falls back to a plain hash:
 * a keyed HMAC-SHA256 lets you join on a value without revealing it (low-entropy values like
 * emails or phone numbers are brute-forceable from an unkeyed hash).
 *
 * @example
 * ```ts
 * createCensor('hmac', Buffer.alloc(32, 1)).forMatch('[EMAIL]', 'a@b.co', 0, 6); // '[HMAC:…]'
 * ```
 */
export function createCensor(action: RedactionAction, hmacKey?: Uint8Array): Censor {
  if (action === 'remove') {
    return { action, forKey: () => undefined, forMatch: () => '' };
  }
  if (action === 'hmac' && hmacKey) {
    const hmac = (text: string): string =>
      `[HMAC:${createHmac('sha256', hmacKey).update(text).digest('hex').slice(0, 16)}]`;
    return {
      action,
      // Only primitives have a stable text form worth joining on; structures are masked. A
      // token (a digest made earlier, `[REDACTED]`) is kept: hashing it again would change it.
      forKey: (value) => {
        if (isOwnToken(value)) return value;
        return isHashable(value)
          ? hmac(typeof value === 'string' ? value : String(value))
          : KEY_MASK;
      },
      forMatch: (_mask, source, start, end) => hmac(source.slice(start, end)),
    };
  }
  return { action: 'mask', forKey: () => KEY_MASK, forMatch: (mask) => mask };
}

function isHashable(value: unknown): value is string | number | boolean | bigint {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint';
}
