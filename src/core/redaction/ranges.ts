import type { Censor } from './censor.js';
import type { Detector } from './detectors/types.js';

/**
 * One detector match in a text: `[start, end)`, the index of its detector in the compiled list
 * (lower is higher priority) and where its label starts (`label === start` when it has none).
 *
 * @example
 * ```ts
 * const range: Range = { start: 9, end: 16, priority: 9, label: 0 }; // password=hunter2
 * ```
 */
export interface Range {
  start: number;
  end: number;
  priority: number;
  label: number;
}

/**
 * Removes the redactor's own tokens (flat `[s0, e0, s1, e1, …]`, increasing) from the ranges:
 * a token is never redacted again. A range cut by a token splits into the parts around it;
 * only a part that still starts where the match started keeps the label. Sorts `ranges`.
 *
 * @example
 * ```ts
 * // 'password=[REDACTED]': the value `[REDACTED` lies inside the token → nothing left
 * withoutTokens([{ start: 9, end: 18, priority: 9, label: 0 }], [9, 19]); // []
 * ```
 */
export function withoutTokens(ranges: Range[], tokens: readonly number[]): Range[] {
  ranges.sort((a, b) => a.start - b.start || a.priority - b.priority);
  if (tokens.length === 0) return ranges;
  const kept: Range[] = [];
  let first = 0;
  for (const range of ranges) {
    // Ranges are sorted by start: tokens ending before this one end before every later one.
    while (first < tokens.length && (tokens[first + 1] as number) <= range.start) first += 2;
    let start = range.start;
    for (let t = first; t < tokens.length && (tokens[t] as number) < range.end; t += 2) {
      const tokenStart = tokens[t] as number;
      if (tokenStart > start) kept.push(part(range, start, tokenStart));
      start = Math.max(start, tokens[t + 1] as number);
    }
    if (start < range.end) kept.push(part(range, start, range.end));
  }
  return kept;
}

function part(range: Range, start: number, end: number): Range {
  const label = start === range.start ? range.label : start;
  return { start, end, priority: range.priority, label };
}

/**
 * Merges overlapping ranges (sorted by start): the union is masked, with the higher-priority
 * detector's mask (fail closed). With `fromLabel` (the `remove` action) a range starts at its
 * label, so `password=hunter2` goes whole and nothing after it reads as the value.
 *
 * @example
 * ```ts
 * const a = { start: 0, end: 5, priority: 1, label: 0 };
 * const b = { start: 3, end: 8, priority: 0, label: 3 };
 * mergeRanges([a, b], false); // [{ start: 0, end: 8, priority: 0, label: 0 }]
 * ```
 */
export function mergeRanges(ranges: Range[], fromLabel: boolean): Range[] {
  if (fromLabel) {
    for (const range of ranges) range.start = range.label;
    ranges.sort((a, b) => a.start - b.start || a.priority - b.priority);
  }
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

/**
 * Builds the output for `text[0, limit)` with every merged range replaced by the censor; a
 * range that starts before `limit` is replaced whole.
 *
 * @example
 * ```ts
 * const email = { start: 5, end: 11, priority: 0, label: 5 };
 * applyRanges('mail a@b.co', 11, [email], [emailDetector], createCensor('mask')); // 'mail [EMAIL]'
 * ```
 */
export function applyRanges(
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
