import type { TextRedactor } from './text.js';
import { ownTokenRanges } from './tokens.js';

// Detectors see this much text past the cut, so a secret straddling the cut is still found.
const TRUNCATION_LOOKAHEAD = 1024;
// How far a redacted head may outgrow its bound (a 1-character value becomes a 23-character
// digest): a marked text with a longer head is not one of ours and is truncated again.
const MAX_GROWTH = 8;
const MARKER = /…\[TRUNCATED \d{1,10} chars\]$/;
const MAX_MARKER_LENGTH = 29;

/**
 * Bounds a string, THEN redacts it: detectors never scan more than `maxLength` + 1 KiB. A longer
 * input keeps its first `maxLength` characters (redacted) and gets the marker
 * `…[TRUNCATED <original length> chars]`. A secret cut in half by the bound is masked whole, and
 * the cut never splits a mask token. Idempotent: a text this function already truncated keeps
 * its marker and only its head is redacted; an output that masks made longer than the bound is
 * truncated right away, so a second pass finds it bounded.
 *
 * @example
 * ```ts
 * boundedRedact('a'.repeat(20), 8, (t, limit) => t.slice(0, limit)); // 'aaaaaaaa…[TRUNCATED 20 chars]'
 * ```
 */
export function boundedRedact(text: string, maxLength: number, redact: TextRedactor): string {
  const head = truncatedHead(text, maxLength);
  if (head !== undefined) return redact(head) + text.slice(head.length);
  if (text.length <= maxLength) {
    const out = redact(text);
    if (out.length <= maxLength) return out;
    return `${redact(out, tokenSafeCut(out, maxLength))}${truncationMarker(text.length)}`;
  }
  const window = text.slice(0, maxLength + TRUNCATION_LOOKAHEAD);
  return `${redact(window, tokenSafeCut(window, maxLength))}${truncationMarker(text.length)}`;
}

/**
 * The part before a truncation marker this library wrote (`…[TRUNCATED n chars]` at the end,
 * head within the growth bound), or `undefined`. The marker holds at most 10 digits: no
 * detector takes them for a card or a phone number.
 *
 * @example
 * ```ts
 * truncatedHead('abc…[TRUNCATED 20 chars]', 8); // 'abc'
 * ```
 */
export function truncatedHead(text: string, maxLength: number): string | undefined {
  if (!text.endsWith(' chars]')) return undefined;
  const tailStart = Math.max(0, text.length - MAX_MARKER_LENGTH);
  const marker = MARKER.exec(text.slice(tailStart));
  if (marker === null) return undefined;
  const headLength = tailStart + marker.index;
  return headLength <= (maxLength + TRUNCATION_LOOKAHEAD) * MAX_GROWTH
    ? text.slice(0, headLength)
    : undefined;
}

/**
 * The marker appended to a truncated string.
 *
 * @example
 * ```ts
 * truncationMarker(2 ** 20); // '…[TRUNCATED 1048576 chars]'
 * ```
 */
export function truncationMarker(originalLength: number): string {
  return `…[TRUNCATED ${originalLength} chars]`;
}

// `limit`, moved back to the start of a mask token it would cut in half.
function tokenSafeCut(text: string, limit: number): number {
  const tokens = ownTokenRanges(text);
  for (let i = 0; i < tokens.length && (tokens[i] as number) < limit; i += 2) {
    if ((tokens[i + 1] as number) > limit) return tokens[i] as number;
  }
  return limit;
}
