import { describe, expect, it } from 'vitest';
import { CleanTextCache, RecentOutputs } from '../../src/core/redaction/text-memory.js';

describe('CleanTextCache', () => {
  it('knows a text from its first clean scan on, and keeps it once seen again', () => {
    const clean = new CleanTextCache();
    expect(clean.has('/users/42')).toBe(false);
    clean.add('/users/42');
    expect(clean.has('/users/42')).toBe(true);
    // One-off texts fill (and reset) the recent set; a text seen twice is no longer among them.
    for (let i = 0; i < CleanTextCache.MAX_ENTRIES + 1; i++) clean.add(`request-${i}`);
    expect(clean.has('/users/42')).toBe(true);
    expect(clean.has('request-0')).toBe(false);
  });

  it('holds nothing longer than its entry limit', () => {
    const clean = new CleanTextCache();
    const long = 'x'.repeat(CleanTextCache.MAX_LENGTH + 1);
    clean.add(long);
    expect(clean.has(long)).toBe(false);
  });
});

describe('RecentOutputs', () => {
  it('remembers the latest output of each length', () => {
    const outputs = new RecentOutputs();
    outputs.add('password=[REDACTED]');
    expect(outputs.has('password=[REDACTED]')).toBe(true);
    outputs.add('token=[REDACTED]!!!');
    expect(outputs.has('password=[REDACTED]')).toBe(false);
    expect(outputs.has('token=[REDACTED]!!!')).toBe(true);
  });
});
