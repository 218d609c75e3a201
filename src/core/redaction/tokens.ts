import { BUILT_IN_DETECTORS } from './detectors/index.js';

/**
 * Mask for a value under a sensitive key (re-exported by `censor.ts`, where it is used).
 *
 * @example
 * ```ts
 * redactor.value({ password: 'x' }); // { password: KEY_MASK }
 * ```
 */
export const KEY_MASK = '[REDACTED]';

// Every replacement the redactor writes into text: `[REDACTED]`, each detector's mask, and the
// keyed digests `[HMAC:<16 hex>]`. Bracketed, with no bracket inside, so two never overlap.
const NAMES = [...new Set([KEY_MASK, ...BUILT_IN_DETECTORS.map((d) => d.mask)])]
  .map((mask) => mask.slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');
const OWN_TOKEN = new RegExp(`\\[(?:${NAMES}|HMAC:[0-9a-f]{16})\\]`, 'g');
const WHOLE_TOKEN = new RegExp(`^${OWN_TOKEN.source}$`);

/**
 * The `[start, end)` ranges of the redactor's own replacement tokens in `text`, flattened
 * (`[s0, e0, s1, e1, …]`) and in increasing order. Detectors may match inside or across a token
 * (`password=[REDACTED]` reads as a value `[REDACTED`); those parts are never redacted again,
 * which is what makes redaction idempotent.
 *
 * @example
 * ```ts
 * ownTokenRanges('password=[REDACTED] at [IP]'); // [9, 19, 23, 27]
 * ```
 */
export function ownTokenRanges(text: string): number[] {
  const ranges: number[] = [];
  if (!text.includes('[')) return ranges;
  OWN_TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = OWN_TOKEN.exec(text)) !== null) {
    ranges.push(match.index, match.index + match[0].length);
  }
  OWN_TOKEN.lastIndex = 0;
  return ranges;
}

/**
 * True when `value` is exactly one of the redactor's replacement tokens (`[EMAIL]`,
 * `[HMAC:…]`): it carries no secret, so censoring it again must leave it as it is.
 *
 * @example
 * ```ts
 * isOwnToken('[HMAC:0123456789abcdef]'); // true
 * ```
 */
export function isOwnToken(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 32 && WHOLE_TOKEN.test(value);
}
