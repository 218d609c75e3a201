/**
 * The pending `waitFor*` calls of a receiver: each re-checks its condition whenever data
 * arrives, and settles once — with the first truthy value, on its timeout, or when failed.
 */

interface Waiter {
  check: () => boolean;
  fail: (error: Error) => void;
}

/**
 * A set of pending waits.
 *
 * @example
 * const waiters = new Waiters();
 * const spans = waiters.wait(() => (receiver.spans.length > 0 ? receiver.spans : undefined), 5_000, () => 'no spans');
 * waiters.checkAll(); // after each accepted request
 */
export class Waiters {
  private readonly _pending = new Set<Waiter>();

  /**
   * Resolves with the first truthy value of `check` (evaluated now and on every `checkAll()`);
   * rejects if `check` throws, or after `timeoutMs` with `describe()` in the message.
   */
  wait<T>(
    check: () => T | undefined | null | false,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined | null | false;
          try {
            value = check();
          } catch (error) {
            done();
            reject(error instanceof Error ? error : new Error(String(error)));
            return true;
          }
          if (value === undefined || value === null || value === false) return false;
          done();
          resolve(value);
          return true;
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiter.fail(new Error(`receiver: timed out after ${timeoutMs} ms; ${describe()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this._pending.delete(waiter);
      };
      if (!waiter.check()) this._pending.add(waiter);
    });
  }

  /** Re-evaluates every pending wait. */
  checkAll(): void {
    for (const waiter of [...this._pending]) waiter.check();
  }

  /** Rejects every pending wait with `error`. */
  failAll(error: Error): void {
    for (const waiter of [...this._pending]) waiter.fail(error);
  }
}

/**
 * All records once there are `n`, or the matching records once one matches; else undefined.
 *
 * @example
 * pick(receiver.spans, (s) => s.kind === 'SERVER'); // [serverSpan] or undefined
 */
export function pick<T>(
  records: readonly T[],
  countOrPredicate: number | ((record: T) => boolean),
): T[] | undefined {
  if (typeof countOrPredicate === 'number') {
    return records.length >= countOrPredicate ? records.slice() : undefined;
  }
  const matching = records.filter(countOrPredicate);
  return matching.length > 0 ? matching : undefined;
}
