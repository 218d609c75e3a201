import { parseItem } from 'structured-headers';

/**
 * Longest accepted key (Stripe's limit; the draft sets none).
 *
 * @example
 * ```ts
 * if (key.length > MAX_KEY_LENGTH) throw new Error('key too long');
 * ```
 */
export const MAX_KEY_LENGTH = 255;

/**
 * Outcome of {@link parseIdempotencyKey}: the key, or why the header value was rejected.
 *
 * @example
 * ```ts
 * const parsed: ParsedIdempotencyKey = parseIdempotencyKey(header);
 * if (!parsed.ok) return badRequest(parsed.reason);
 * ```
 */
export type ParsedIdempotencyKey = { ok: true; key: string } | { ok: false; reason: string };

// Visible ASCII only: no space, no control characters, nothing above 0x7E.
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * Parses an `Idempotency-Key` header value. The draft makes it an RFC 8941 sf-string
 * (`"8e03978e-…"`); like most servers we also accept a bare token (`8e03978e-…`). Either way the key
 * must be 1–255 characters of visible ASCII. Reasons are safe to show to clients.
 *
 * @example
 * ```ts
 * parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"'); // { ok: true, key: '8e03978e-…' }
 * parseIdempotencyKey('a b'); // { ok: false, reason: '…' }
 * ```
 */
export function parseIdempotencyKey(value: string): ParsedIdempotencyKey {
  const key = value.startsWith('"') ? parseSfString(value) : bareToken(value);
  if (typeof key !== 'string') return key;
  if (key.length === 0) return { ok: false, reason: 'must not be empty' };
  if (key.length > MAX_KEY_LENGTH)
    return { ok: false, reason: `must be at most ${MAX_KEY_LENGTH} characters` };
  if (!VISIBLE_ASCII.test(key))
    return { ok: false, reason: 'must contain only visible ASCII characters' };
  return { ok: true, key };
}

function parseSfString(value: string): string | { ok: false; reason: string } {
  try {
    const [bare, params] = parseItem(value);
    if (typeof bare !== 'string') return { ok: false, reason: 'must be a structured-field string' };
    if (params.size > 0) return { ok: false, reason: 'must not carry parameters' };
    return bare;
  } catch {
    return { ok: false, reason: 'is not a valid structured-field string (RFC 8941)' };
  }
}

function bareToken(value: string): string | { ok: false; reason: string } {
  // A comma means several header lines were folded into one: ambiguous, so refuse it.
  if (value.includes(',')) return { ok: false, reason: 'must be a single value' };
  if (value.includes('"'))
    return { ok: false, reason: 'is not a valid structured-field string (RFC 8941)' };
  return value;
}
