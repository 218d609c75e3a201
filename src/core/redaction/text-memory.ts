/**
 * Recently seen texts in which no detector matched. Telemetry repeats the same short strings
 * (routes, methods, user agents, addresses) on every request, and one request's own values (its
 * id, its path) on its span, its log line and its request log: a hash lookup replaces the scan.
 * A scanned clean text is held among the recent ones; seen again, it is promoted to the lasting
 * set, so one-off values churn only the recent set. Only texts the redactor leaves unchanged are
 * kept, so it never holds a secret; both sets are bounded in entries and entry length, and
 * start over when full.
 *
 * @example
 * ```ts
 * const clean = new CleanTextCache();
 * clean.add('GET');
 * clean.has('GET'); // true (and kept from now on)
 * ```
 */
export class CleanTextCache {
  static readonly MAX_ENTRIES = 2048;
  static readonly MAX_LENGTH = 256;
  readonly #texts = new Set<string>();
  readonly #seenOnce = new Set<string>();

  has(text: string): boolean {
    if (text.length > CleanTextCache.MAX_LENGTH) return false;
    if (this.#texts.has(text)) return true;
    if (!this.#seenOnce.has(text)) return false;
    CleanTextCache.#bounded(this.#texts).add(text);
    return true;
  }

  /** Remembers a text that was just scanned and found clean. */
  add(text: string): void {
    if (text.length > CleanTextCache.MAX_LENGTH || this.#texts.has(text)) return;
    CleanTextCache.#bounded(this.#seenOnce).add(text);
  }

  static #bounded(set: Set<string>): Set<string> {
    if (set.size >= CleanTextCache.MAX_ENTRIES) set.clear();
    return set;
  }
}

/**
 * The last texts a redactor produced (its outputs, which redaction leaves as they are), so that
 * redacting one of them again costs a lookup instead of a scan: `recordError` redacts an
 * exception message and stack, then the span processor sees the same strings at span end.
 * Keyed by length, one text per length: no string is hashed, and a miss is a number lookup.
 * Bounded in entries and characters, oldest out first.
 *
 * @example
 * ```ts
 * const outputs = new RecentOutputs();
 * outputs.add('db password=[REDACTED]');
 * outputs.has('db password=[REDACTED]'); // true
 * ```
 */
export class RecentOutputs {
  static readonly MAX_ENTRIES = 64;
  static readonly MAX_CHARS = 256 * 1024;
  readonly #byLength = new Map<number, string>();
  #chars = 0;

  has(text: string): boolean {
    return this.#byLength.get(text.length) === text;
  }

  add(text: string): void {
    const length = text.length;
    if (length === 0 || length > RecentOutputs.MAX_CHARS / 8) return;
    if (this.#byLength.delete(length)) this.#chars -= length;
    while (
      this.#byLength.size >= RecentOutputs.MAX_ENTRIES ||
      this.#chars + length > RecentOutputs.MAX_CHARS
    ) {
      const oldest = this.#byLength.keys().next().value as number;
      this.#byLength.delete(oldest);
      this.#chars -= oldest;
    }
    this.#byLength.set(length, text);
    this.#chars += length;
  }
}
