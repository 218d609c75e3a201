import type { DetectorName } from '../types.js';

/**
 * Receives the `[start, end)` range of one match. `labelStart`, when given, is where the text
 * naming the secret begins (`password=` in `password=hunter2`, `Bearer ` before a token): the
 * `remove` action drops that label too, so that nothing after it reads as the value.
 *
 * @example
 * ```ts
 * const report: ReportMatch = (start, end) => ranges.push([start, end]);
 * ```
 */
export type ReportMatch = (start: number, end: number, labelStart?: number) => void;

/**
 * A value detector: finds one kind of sensitive text inside a string.
 *
 * Contract (what keeps the hot path cheap and linear):
 * - `mayMatch` is a cheap pre-check (a few `includes`); `false` means `scan` cannot match.
 * - `scan` reports non-overlapping ranges in increasing order and runs in linear time.
 *
 * @example
 * ```ts
 * const ranges: Array<[number, number]> = [];
 * if (emailDetector.mayMatch(text)) emailDetector.scan(text, (s, e) => ranges.push([s, e]));
 * ```
 */
export interface Detector {
  readonly name: DetectorName;
  /**
   * Characters that must all occur in a text for a match to be possible (,
   * see `triggerMask`). The compiled redactor computes a text's mask in one pass and skips
   * detectors whose triggers are missing before even calling `mayMatch`.
   */
  readonly triggers: number;
  /** Replacement naming what was removed, e.g. `[EMAIL]`. */
  readonly mask: string;
  mayMatch(text: string): boolean;
  scan(text: string, report: ReportMatch): void;
}

/**
 * Trigger bits, one per character (class) a detector needs; combine with `|`.
 *
 * @example
 * ```ts
 * const triggers = TRIGGERS.DIGIT | TRIGGERS.DOT; // what an IPv4 address needs
 * ```
 */
export const TRIGGERS = {
  DIGIT: 1,
  AT: 2,
  COLON: 4,
  DOT: 8,
  DASH: 16,
  UNDERSCORE: 32,
  SPACE: 64,
  UPPER_A: 128,
} as const;

const TRIGGER_TABLE = new Uint8Array(128);
for (let code = 48; code <= 57; code++) TRIGGER_TABLE[code] = TRIGGERS.DIGIT;
TRIGGER_TABLE[64] = TRIGGERS.AT;
TRIGGER_TABLE[58] = TRIGGERS.COLON;
TRIGGER_TABLE[46] = TRIGGERS.DOT;
TRIGGER_TABLE[45] = TRIGGERS.DASH;
TRIGGER_TABLE[95] = TRIGGERS.UNDERSCORE;
TRIGGER_TABLE[32] = TRIGGERS.SPACE;
TRIGGER_TABLE[9] = TRIGGERS.SPACE;
TRIGGER_TABLE[65] = TRIGGERS.UPPER_A;
const ALL_TRIGGERS = 255;

/**
 * The trigger bits present in `text`, in one pass (stops early once all bits are seen).
 *
 * @example
 * ```ts
 * triggerMask('a@b.co') === (TRIGGERS.AT | TRIGGERS.DOT); // true
 * ```
 */
export function triggerMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      mask |= TRIGGER_TABLE[code] as number;
      if (mask === ALL_TRIGGERS) break;
    }
  }
  return mask;
}
