import type { Detector } from '../../src/core/redaction/index.js';

/** The substrings a detector reports in `text` (empty when its pre-check says no). */
export function matches(detector: Detector, text: string): string[] {
  const out: string[] = [];
  if (!detector.mayMatch(text)) return out;
  detector.scan(text, (start, end) => out.push(text.slice(start, end)));
  return out;
}

// Fake but well-formed secrets, built by concatenation so no real credential is in the repo.
export const FAKE = {
  jwt:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' +
    '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ' +
    '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  githubPat: 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'f6G7h8',
  githubFineGrained: 'github_pat_' + '11ABCDEFG0'.repeat(3) + '_' + 'x'.repeat(50),
  slackBot: 'xoxb-' + '123456789012-1234567890123-' + 'AbCdEfGhIjKlMnOpQrStUvWx',
  stripeLive: 'sk_' + 'live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  stripeTest: 'sk_' + 'test_' + '26PHem9AhJZvU623DfE1x4sd',
  stripeRestricted: 'rk_' + 'live_' + 'AbCdEfGhIjKlMnOpQrStUvWx',
  googleApiKey: 'AIza' + 'SyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
  awsKeyId: 'AKIA' + 'IOSFODNN7EXAMPLE',
  awsSessionKeyId: 'ASIA' + 'Y34FZKBOKMUTVV7A',
  pem:
    '-----BEGIN RSA PRIVATE KEY-----\n' +
    'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n' +
    'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n' +
    '-----END RSA PRIVATE KEY-----',
} as const;
