import { describe, expect, it } from 'vitest';
import { formatDuration, formatOffset } from '../../src/dev/format.js';

// Durations and offsets in the waterfall carry the precision they have, not `3.00 ms`.
describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0 ms'],
    [0.004, '<0.01 ms'],
    [0.04, '0.04 ms'],
    [0.4, '0.4 ms'],
    [0.456, '0.46 ms'],
    [1, '1 ms'],
    [1.25, '1.3 ms'],
    [3, '3 ms'],
    [9.96, '10 ms'],
    [59.12, '59 ms'],
    [235, '235 ms'],
    [999.7, '1 s'],
    [1_234, '1.2 s'],
    [12_345, '12 s'],
    [125_000, '2 min 5 s'],
    [3_725_000, '62 min 5 s'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows nonsense as it is rather than throwing', () => {
    expect(formatDuration(Number.NaN)).toBe('? ms');
    expect(formatDuration(-2)).toBe('-2 ms');
  });
});

describe('formatOffset', () => {
  it('signs the offset', () => {
    expect(formatOffset(3)).toBe('+3 ms');
    expect(formatOffset(0.4)).toBe('+0.4 ms');
    expect(formatOffset(1_200)).toBe('+1.2 s');
    expect(formatOffset(-3)).toBe('-3 ms');
    expect(formatOffset(0)).toBe('+0 ms');
  });

  it('rounds to whole milliseconds when the timestamp only has millisecond precision', () => {
    expect(formatOffset(2.6, { wholeMs: true })).toBe('+3 ms');
    expect(formatOffset(0.4, { wholeMs: true })).toBe('+0 ms');
    expect(formatOffset(1_234.4, { wholeMs: true })).toBe('+1.2 s');
  });
});
