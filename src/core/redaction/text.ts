import type { Censor } from './censor.js';
import { triggerMask, type Detector } from './detectors/types.js';
import { applyRanges, mergeRanges, withoutTokens, type Range } from './ranges.js';
import { CleanTextCache, RecentOutputs } from './text-memory.js';
import { KEY_MASK, ownTokenRanges } from './tokens.js';

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

/**
 * Where a text redactor remembers its outputs. Several redactors of one policy share it when
 * their detectors are a subset of the recording one's (an output of the full set is stable
 * under any subset); only that one `records`.
 *
 * @example
 * ```ts
 * const memory: OutputMemory = { outputs: new RecentOutputs(), records: true };
 * ```
 */
export interface OutputMemory {
  readonly outputs: RecentOutputs;
  readonly records: boolean;
}

// A mask can give its neighbours a new context (a match may now start right after `]`), so
// the output is scanned again until stable; this many passes, then the text is censored whole.
const MAX_PASSES = 8;

/**
 * Compiles detectors into one function. Detectors run on the text, matches are collected, the
 * redactor's own tokens (`[EMAIL]`, `[HMAC:…]`) are cut out of them (a token is never redacted
 * again), overlaps merged (the union is masked, with the higher-priority detector's mask: fail
 * closed), and the output is built once, then re-scanned until nothing changes. So redacting
 * twice equals redacting once. With no detectors the function is the identity; with no match
 * it returns the input string.
 *
 * @example
 * ```ts
 * const redact = compileTextRedactor([emailDetector], createCensor('mask'));
 * redact('mail jane@example.com'); // 'mail [EMAIL]'
 * redact('mail [EMAIL]'); // 'mail [EMAIL]'
 * ```
 */
export function compileTextRedactor(
  detectors: readonly Detector[],
  censor: Censor,
  memory: OutputMemory = { outputs: new RecentOutputs(), records: true },
): TextRedactor {
  if (detectors.length === 0)
    return (text, limit) => (limit === undefined ? text : text.slice(0, limit));
  const clean = new CleanTextCache();
  const { outputs, records } = memory;
  const fromLabel = censor.action === 'remove';
  // A detector without triggers (`password=hunter` has none) must still run on such a text.
  const allNeedTriggers = detectors.every((detector) => detector.triggers !== 0);

  // One pass over `text`: the output, or `undefined` when nothing outside own tokens matched.
  const pass = (text: string, limit: number): string | undefined => {
    const present = triggerMask(text);
    if (present === 0 && allNeedTriggers) return undefined;
    let ranges: Range[] | undefined;
    for (let priority = 0; priority < detectors.length; priority++) {
      const detector = detectors[priority] as Detector;
      if ((present & detector.triggers) !== detector.triggers || !detector.mayMatch(text)) continue;
      const found = (ranges ??= []);
      detector.scan(text, (start, end, label = start) => {
        found.push({ start, end, priority, label });
      });
    }
    if (ranges === undefined || ranges.length === 0) return undefined;
    const kept = withoutTokens(ranges, ownTokenRanges(text));
    if (kept.length === 0) return undefined;
    return applyRanges(text, limit, mergeRanges(kept, fromLabel), detectors, censor);
  };

  const known = (text: string): boolean => clean.has(text) || outputs.has(text);

  // Re-scans a redacted text until it is stable; remembers the result.
  const settle = (redacted: string): string => {
    let text = redacted;
    for (let i = 0; i < MAX_PASSES; i++) {
      if (known(text)) return text;
      const next = pass(text, text.length);
      if (next === undefined) {
        if (records) outputs.add(text);
        return text;
      }
      text = next;
    }
    // Still changing (crafted input): fail closed with one stable replacement.
    return censor.forMatch(KEY_MASK, text, 0, text.length);
  };

  return (text, limit = text.length) => {
    const cut = limit < text.length;
    const first = known(text) ? undefined : pass(text, limit);
    // A cut can leave a fragment that now matches (a shorter digit run): settle the head too.
    if (first !== undefined) return settle(first);
    if (cut) return settle(text.slice(0, limit));
    if (text.length <= CleanTextCache.MAX_LENGTH) clean.add(text);
    else if (records) outputs.add(text);
    return text;
  };
}
