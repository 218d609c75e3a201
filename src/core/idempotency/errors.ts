/**
 * Raised by every store when the backing service fails (unreachable, timeout, bad reply).
 * Adapters map it to a 503 problem; the manager never runs the operation after one.
 *
 * @example
 * ```ts
 * try {
 *   await manager.execute(key, fp, run);
 * } catch (error) {
 *   if (error instanceof IdempotencyStoreError) return new Response(null, { status: 503 });
 *   throw error;
 * }
 * ```
 */
export class IdempotencyStoreError extends Error {
  override readonly name = 'IdempotencyStoreError';
  readonly code = 'IDEMPOTENCY_STORE_UNAVAILABLE';
  /** Which store call failed: useful in logs without exposing keys. */
  readonly operation: 'claim' | 'complete' | 'release' | 'get';

  constructor(
    operation: IdempotencyStoreError['operation'],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.operation = operation;
  }
}
