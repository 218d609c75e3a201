import type { ReportMatch } from './types.js';

/**
 * Reports every match of a global `regex` in `text`; `accept` can veto a match (checksums,
 * heuristics) or narrow it to a sub-range `[start, end]`, optionally with the start of the
 * label that names it (`[start, end, labelStart]`). The regex must be linear-time on its own.
 *
 * @example
 * ```ts
 * scanRegex(/\d{3}-\d{4}/g, 'call 555-1234', (s, e) => ranges.push([s, e]));
 * ```
 */
export function scanRegex(
  regex: RegExp,
  text: string,
  report: ReportMatch,
  accept?: (
    match: RegExpExecArray,
  ) => boolean | readonly [number, number] | readonly [number, number, number],
): void {
  regex.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = regex.exec(text)) !== null) {
    const length = match[0].length;
    if (length === 0) {
      regex.lastIndex++;
      continue;
    }
    const verdict = accept ? accept(match) : true;
    if (verdict === true) report(match.index, match.index + length);
    else if (verdict !== false) report(verdict[0], verdict[1], verdict[2]);
  }
  regex.lastIndex = 0;
}
