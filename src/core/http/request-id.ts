import { randomUUID } from 'node:crypto';

/** ≤128 chars of `[A-Za-z0-9._:-]`: safe to echo in headers and logs (no injection). */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Returns the incoming request id when it is well-formed, else a new UUID.
 *
 * @example
 * ```ts
 * acceptRequestId('abc-123'); // 'abc-123'
 * acceptRequestId('<script>'); // a fresh UUID
 * ```
 */
export function acceptRequestId(
  incoming: string | undefined,
  generate: () => string = randomUUID,
): string {
  return incoming !== undefined && VALID_REQUEST_ID.test(incoming) ? incoming : generate();
}
