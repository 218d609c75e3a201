import type { Censor } from './censor.js';
import { triggerMask, type Detector } from './detectors/types.js';

/**
 * Redacts detector matches in a string. With `limit`, only the output for `text[0, limit)` is
 * built; a match that starts before the limit is masked whole, even where it runs past it.
 *
 * @example
 * ```ts
 * const redact: TextRedactor = compileTextRedactor([emailDetector], createCensor('mask'));
 * ```
 */
export type TextRedactor = (text: string, limit?: number) => string;

interface Range {
  start: number;
  end: number;
  priority: number;
}

/**
 * Compiles detectors into one function. Each detector runs on the original text (a mask is
 * never re-scanned), matches are collected, overlaps merged (the union is masked, with the
 * higher-priority detector's mask: fail closed), and the output is built once. With no
 * detectors the function is the identity; with no match it returns the input string.
 *
 * @example
 * ```ts
 * const redact = compileTextRedactor([emailDetector], createCensor('mask'));
 * redact('mail jane@example.com'); // 'mail [EMAIL]'
 * ```
 */
export function compileTextRedactor(detectors: readonly Detector[], censor: Censor): TextRedactor {
  if (detectors.length === 0)
    return (text, limit) => (limit === undefined ? text : text.slice(0, limit));
  const clean = new CleanTextCache();
  return (text, limit = text.length) => {
    if (clean.has(text)) return limit >= text.length ? text : text.slice(0, limit);
    let ranges: Range[] | undefined;
    const present = triggerMask(text);
    if (present === 0) {
      clean.add(text);
      return limit >= text.length ? text : text.slice(0, limit);
    }
    for (let priority = 0; priority < detectors.length; priority++) {
      const detector = detectors[priority] as Detector;
      if ((present & detector.triggers) !== detector.triggers || !detector.mayMatch(text)) continue;
      const found = (ranges ??= []);
      detector.scan(text, (start, end) => {
        found.push({ start, end, priority });
      });
    }
    if (ranges === undefined || ranges.length === 0) {
      clean.add(text);
      return limit >= text.length ? text : text.slice(0, limit);
    }
    return applyRanges(text, limit, mergeRanges(ranges), detectors, censor);
  };
}

/**
 * Recently seen texts in which no detector matched. Telemetry repeats the same short strings
 * (routes, methods, user agents, addresses) on every request; a hash lookup replaces the scan.
 * A text is admitted on its second clean sighting, so one-off values (request ids) do not
 * churn it. Only clean texts are kept, so it never holds a secret; it is bounded in entries
 * and entry length, and starts over when full.
 */
class CleanTextCache {
  static readonly MAX_ENTRIES = 2048;
  static readonly MAX_LENGTH = 256;
  readonly #texts = new Set<string>();
  readonly #seenOnce = new Set<string>();

  has(text: string): boolean {
    return text.length <= CleanTextCache.MAX_LENGTH && this.#texts.has(text);
  }

  add(text: string): void {
    if (text.length > CleanTextCache.MAX_LENGTH) return;
    if (!this.#seenOnce.has(text)) {
      CleanTextCache.#bounded(this.#seenOnce).add(text);
      return;
    }
    CleanTextCache.#bounded(this.#texts).add(text);
  }

  static #bounded(set: Set<string>): Set<string> {
    if (set.size >= CleanTextCache.MAX_ENTRIES) set.clear();
    return set;
  }
}

function mergeRanges(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a.start - b.start || a.priority - b.priority);
  const merged: Range[] = [];
  let current = ranges[0] as Range;
  for (let i = 1; i < ranges.length; i++) {
    const next = ranges[i] as Range;
    if (next.start < current.end) {
      current.end = Math.max(current.end, next.end);
      current.priority = Math.min(current.priority, next.priority);
    } else {
      merged.push(current);
      current = next;
    }
  }
  merged.push(current);
  return merged;
}

function applyRanges(
  text: string,
  limit: number,
  ranges: readonly Range[],
  detectors: readonly Detector[],
  censor: Censor,
): string {
  let out = '';
  let cursor = 0;
  for (const range of ranges) {
    if (range.start >= limit) break;
    const mask = (detectors[range.priority] as Detector).mask;
    out += text.slice(cursor, range.start) + censor.forMatch(mask, text, range.start, range.end);
    cursor = range.end;
  }
  return cursor < limit ? out + text.slice(cursor, limit) : out;
}

// Detectors see this much text past the cut, so a secret straddling the cut is still found.
const TRUNCATION_LOOKAHEAD = 1024;

/**
 * Bounds a string, THEN redacts it: detectors never scan more than `maxLength` + 1 KiB. A longer
 * input keeps its first `maxLength` characters (redacted) and gets the marker
 * `…[TRUNCATED <original length> chars]`. A secret cut in half by the bound is masked whole.
 *
 * @example
 * ```ts
 * boundedRedact('a'.repeat(20), 8, (t, limit) => t.slice(0, limit)); // 'aaaaaaaa…[TRUNCATED 20 chars]'
 * ```
 */
export function boundedRedact(text: string, maxLength: number, redact: TextRedactor): string {
  if (text.length <= maxLength) return redact(text);
  const window = text.slice(0, maxLength + TRUNCATION_LOOKAHEAD);
  return `${redact(window, maxLength)}${truncationMarker(text.length)}`;
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
