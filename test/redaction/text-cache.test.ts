import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/redaction/index.js';

// The text redactor remembers recent clean texts; these tests pin that the memory never changes
// a verdict: what a fresh redactor returns, a long-lived one returns too.
describe('clean-text memory of the text redactor', () => {
  it('a text seen clean, then embedded with a secret, is still redacted', () => {
    const redactor = createRedactor();
    expect(redactor.string('contact')).toBe('contact');
    expect(redactor.string('contact')).toBe('contact');
    const secret = redactor.string('contact jane.doe@example.com');
    expect(secret).not.toContain('jane.doe@example.com');
    expect(redactor.string('contact jane.doe@example.com')).toBe(secret);
  });

  it('keeps working after it starts over (more distinct clean texts than it holds)', () => {
    const redactor = createRedactor();
    for (let i = 0; i < 5000; i++) redactor.string(`route-${i}`);
    expect(redactor.string('route-1')).toBe('route-1');
    expect(redactor.string('card 4111 1111 1111 1111')).not.toContain('4111 1111 1111 1111');
  });

  it('a long-lived redactor agrees with a fresh one on any sequence of texts', () => {
    const longLived = createRedactor();
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('jane@example.com', '4111 1111 1111 1111', 'Bearer abc.def.ghi', 'GET'),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 20 }), (texts) => {
        for (const t of texts) expect(longLived.string(t)).toBe(createRedactor().string(t));
      }),
      { numRuns: 200 },
    );
  });
});
