import { describe, expect, it } from 'vitest';
import { BUILT_IN_DETECTORS, createRedactor } from '../../src/core/redaction/index.js';

const MiB = 2 ** 20;

/** 1 MiB strings built to trigger backtracking in naive patterns (no timing asserted). */
const ADVERSARIAL: Record<string, string> = {
  letters: 'a'.repeat(MiB),
  passwordAssignments: 'password='.repeat(MiB / 9),
  tokenColons: 'token: '.repeat(MiB / 7),
  passwordLongValue: `password=${'x'.repeat(MiB - 9)}`,
  ats: '@'.repeat(MiB),
  localParts: 'a@'.repeat(MiB / 2),
  longLocalPart: `${'a'.repeat(MiB - 8)}@x.co`,
  dottedLocal: `${'a.'.repeat(MiB / 2)}@`,
  dottedDomain: `a@${'a.'.repeat(MiB / 2)}`,
  digitsSpaces: '1 '.repeat(MiB / 2),
  digits: '4'.repeat(MiB),
  digitDashes: '1-'.repeat(MiB / 2),
  digitDots: '1.'.repeat(MiB / 2),
  plusDigits: `+${'1'.repeat(MiB - 1)}`,
  plusGroups: '+1 '.repeat(MiB / 3),
  colons: ':'.repeat(MiB),
  hexColons: 'a:'.repeat(MiB / 2),
  eyJ: 'eyJ'.repeat(MiB / 3),
  eyJDots: 'eyJaaaaaaaa.'.repeat(MiB / 12),
  ghp: 'ghp_'.repeat(MiB / 4),
  githubPat: 'github_pat_'.repeat(MiB / 11),
  slack: 'xoxb-'.repeat(MiB / 5),
  stripe: 'sk_live_'.repeat(MiB / 8),
  akia: 'AKIA'.repeat(MiB / 4),
  aiza: 'AIza'.repeat(MiB / 4),
  begin: '-----BEGIN'.repeat(MiB / 10),
  beginHeaders: '-----BEGIN PRIVATE KEY-----'.repeat(MiB / 27),
  beginAndEnds: '-----BEGIN PRIVATE KEY----- -----END '.repeat(MiB / 37),
  bearer: 'Bearer '.repeat(MiB / 7),
  bearerShort: 'Bearer a'.repeat(MiB / 8),
  schemes: '://'.repeat(MiB / 3),
  schemeUsers: '://a:'.repeat(MiB / 5),
  percents: '%'.repeat(MiB),
  ampersands: 'a=&'.repeat(MiB / 3),
};

describe('1 MiB adversarial input', () => {
  const scanAll = createRedactor({ maxStringLength: 2 * MiB });

  describe.each(Object.entries(ADVERSARIAL))('%s', (_name, text) => {
    it('every detector completes and reports sane ranges', () => {
      for (const detector of BUILT_IN_DETECTORS) {
        let previousEnd = 0;
        if (!detector.mayMatch(text)) continue;
        detector.scan(text, (start, end) => {
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          expect(end).toBeGreaterThan(start);
          previousEnd = end;
        });
      }
    });

    it('string() scans all of it and url() completes', () => {
      expect(typeof scanAll.string(text)).toBe('string');
      expect(typeof scanAll.url(text)).toBe('string');
    });
  });

  it('string() with the default policy truncates before detectors run', () => {
    const out = createRedactor().string('a'.repeat(MiB));
    expect(out).toBe(`${'a'.repeat(16 * 1024)}…[TRUNCATED ${MiB} chars]`);
  });

  it('value() bounds a 1 MiB string inside a record', () => {
    const out = createRedactor().value({ body: '@'.repeat(MiB) }) as { body: string };
    expect(out.body.endsWith(`…[TRUNCATED ${MiB} chars]`)).toBe(true);
    expect(out.body.length).toBeLessThan(17 * 1024);
  });
});
