import { describe, expect, it } from 'vitest';
import {
  authorizationCredentialDetector,
  awsAccessKeyIdDetector,
  credentialAssignmentDetector,
  emailDetector,
  githubTokenDetector,
  googleApiKeyDetector,
  ipv4Detector,
  ipv6Detector,
  jwtDetector,
  passesLuhn,
  paymentCardDetector,
  phoneDetector,
  privateKeyDetector,
  slackTokenDetector,
  ssnDetector,
  stripeKeyDetector,
  urlCredentialsDetector,
} from '../../src/core/redaction/detectors/index.js';
import type { Detector } from '../../src/core/redaction/index.js';
import { FAKE, matches } from './helpers.js';

interface Case {
  detector: Detector;
  /** [text, the substring that must be reported] */
  truePositives: Array<[string, string]>;
  /** texts in which nothing may be reported */
  falsePositives: string[];
}

const cases: Case[] = [
  {
    detector: emailDetector,
    truePositives: [
      ['mail jane.doe+tag@example.co.uk now', 'jane.doe+tag@example.co.uk'],
      ['<bob@mail.example.com>', 'bob@mail.example.com'],
      ['a_b-c%d@sub-domain.example.io.', 'a_b-c%d@sub-domain.example.io'],
    ],
    falsePositives: [
      '@handle only',
      'user@localhost',
      'foo@bar',
      'a @ b.com',
      'x'.repeat(65) + '@example.com',
    ],
  },
  {
    detector: phoneDetector,
    truePositives: [
      ['call +1 415 555 0100 today', '+1 415 555 0100'],
      ['uk +44 20 7946 0958', '+44 20 7946 0958'],
      ['e164 +14155550100.', '+14155550100'],
      ['us (555) 123-4567', '(555) 123-4567'],
      ['us 555-123-4567', '555-123-4567'],
      ['us 555.123.4567', '555.123.4567'],
      ['tollfree 1-800-555-0199', '1-800-555-0199'],
    ],
    falsePositives: [
      'order 1234567890',
      'date 2024-01-15',
      'ip 192.168.100.200',
      'version 10.20.30.40',
      'ssn 078-05-1120',
      'id 550e8400-e29b-41d4-a716-446655440000',
      'sum 1+2=3',
      'v1.2.3',
    ],
  },
  {
    detector: ipv4Detector,
    truePositives: [
      ['from 203.0.113.7:443', '203.0.113.7'],
      ['[10.0.0.1]', '10.0.0.1'],
      ['255.255.255.255', '255.255.255.255'],
    ],
    falsePositives: ['256.1.1.1', 'version 1.2.3.4.5', 'v1.2.3', '1.2.3', 'a1.2.3.4'],
  },
  {
    detector: ipv6Detector,
    truePositives: [
      ['peer 2001:db8::1 closed', '2001:db8::1'],
      ['[2001:db8::2]:8080', '2001:db8::2'],
      ['fe80::1%eth0', 'fe80::1'],
      ['mapped ::ffff:192.0.2.1', '::ffff:192.0.2.1'],
      ['full 2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ],
    falsePositives: [
      'at 10:20:30',
      'at 12:30:45.123',
      'mac aa:bb:cc:dd:ee:ff',
      'std::string',
      'key: value',
      'ratio 1:2',
    ],
  },
  {
    detector: ssnDetector,
    truePositives: [
      ['ssn 078-05-1120.', '078-05-1120'],
      ['ssn 123 45 6789', '123 45 6789'],
    ],
    falsePositives: [
      '000-12-3456',
      '666-12-3456',
      '900-12-3456',
      '123-00-4567',
      '123-45-0000',
      '123-45 6789',
      '123456789',
      'phone 555-123-4567',
      '2024-01-1234',
    ],
  },
  {
    detector: paymentCardDetector,
    truePositives: [
      ['visa 4111111111111111', '4111111111111111'],
      ['visa 4111 1111 1111 1111 ok', '4111 1111 1111 1111'],
      ['mc 5555-5555-5555-4444', '5555-5555-5555-4444'],
      ['amex 3782 822463 10005', '3782 822463 10005'],
      ['amex 378282246310005', '378282246310005'],
      ['discover 6011111111111117', '6011111111111117'],
      ['visa19 4222222222222222224', '4222222222222222224'],
    ],
    falsePositives: [
      'luhn-invalid 4111111111111112',
      'luhn-invalid 4111 1111 1111 1112',
      'luhn-invalid 5555-5555-5555-4445',
      'epoch ms 1700000000000',
      'ns 1700000000000000000',
      'too long 41111111111111111111111',
      'short 4111111111',
      'decimal 0.4111111111111111',
      'uuid-ish 4111111111111111-abc',
    ],
  },
  {
    detector: jwtDetector,
    truePositives: [
      [`token=${FAKE.jwt};`, FAKE.jwt],
      ['unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. end', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'],
      ['cut eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi'],
    ],
    falsePositives: [
      'eyJ alone',
      'keyJar.eyJx',
      'eyJhbGciOiJIUzI1NiJ9 without payload',
      'aeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi',
    ],
  },
  {
    detector: awsAccessKeyIdDetector,
    truePositives: [
      [`id=${FAKE.awsKeyId}&x`, FAKE.awsKeyId],
      [`"${FAKE.awsSessionKeyId}"`, FAKE.awsSessionKeyId],
    ],
    falsePositives: [
      'AKIA1234',
      'XAKIAIOSFODNN7EXAMPLE',
      'AKIAIOSFODNN7EXAMPLE1',
      'akiaiosfodnn7example',
    ],
  },
  {
    detector: githubTokenDetector,
    truePositives: [
      [`token ${FAKE.githubPat} x`, FAKE.githubPat],
      [`${FAKE.githubPat.replace('ghp_', 'gho_')}`, FAKE.githubPat.replace('ghp_', 'gho_')],
      [`${FAKE.githubPat.replace('ghp_', 'ghs_')}`, FAKE.githubPat.replace('ghp_', 'ghs_')],
      [`${FAKE.githubPat.replace('ghp_', 'ghu_')}`, FAKE.githubPat.replace('ghp_', 'ghu_')],
      [`${FAKE.githubPat.replace('ghp_', 'ghr_')}`, FAKE.githubPat.replace('ghp_', 'ghr_')],
      [`pat=${FAKE.githubFineGrained}`, FAKE.githubFineGrained],
    ],
    falsePositives: [
      'ghp_short',
      'ghx_' + 'a'.repeat(36),
      'xghp_' + 'a'.repeat(36),
      'github_pat_short',
    ],
  },
  {
    detector: slackTokenDetector,
    truePositives: [
      [`slack ${FAKE.slackBot}`, FAKE.slackBot],
      ['xoxp-1234567890-1234567890-abcdef', 'xoxp-1234567890-1234567890-abcdef'],
      ['xapp-1-A0123456789-1234567890123-abc', 'xapp-1-A0123456789-1234567890123-abc'],
    ],
    falsePositives: ['xoxb-short', 'xoxz-1234567890-1234', 'boxoxb-1234567890123'],
  },
  {
    detector: stripeKeyDetector,
    truePositives: [
      [`key ${FAKE.stripeLive}`, FAKE.stripeLive],
      [FAKE.stripeTest, FAKE.stripeTest],
      [FAKE.stripeRestricted, FAKE.stripeRestricted],
    ],
    falsePositives: [
      'pk_live_4eC39HqLyjWDarjtT1zdp7dc',
      'sk_live_short',
      'desk_live_4eC39HqLyjWDarjtT1zdp7dc',
    ],
  },
  {
    detector: googleApiKeyDetector,
    truePositives: [[`key=${FAKE.googleApiKey}&x`, FAKE.googleApiKey]],
    falsePositives: ['AIzaShort', FAKE.googleApiKey + 'X', 'xAIza' + 'a'.repeat(35)],
  },
  {
    detector: privateKeyDetector,
    truePositives: [
      [`cfg ${FAKE.pem} after`, FAKE.pem],
      [
        '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
        '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
      ],
      [
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----',
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----',
      ],
      // No footer (truncated): everything after the header goes.
      ['x -----BEGIN EC PRIVATE KEY-----\nMHcCAQEE', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE'],
    ],
    falsePositives: [
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----',
    ],
  },
  {
    detector: authorizationCredentialDetector,
    truePositives: [
      ['Authorization: Bearer abc.def-ghi_123', 'abc.def-ghi_123'],
      ['authorization: basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
      ['Basic YWRtaW46YWRtaW4=', 'YWRtaW46YWRtaW4='],
      ['Authorization: token 0123456789abcdef', '0123456789abcdef'],
    ],
    falsePositives: [
      'Basic information',
      'a Bearer token',
      'Token expired',
      'basic auth',
      'Bearer',
    ],
  },
  {
    detector: credentialAssignmentDetector,
    truePositives: [
      ['login failed: password=hunter2', 'hunter2'],
      ['{"api_key": "abc123def"}', 'abc123def'],
      ['token: eyJhbGciOi', 'eyJhbGciOi'],
      ['retry with client-secret=s3cr3t&x=1', 's3cr3t'],
      ["PASSWORD='p@ss w'", 'p@ss'],
    ],
    falsePositives: [
      'password must be 8 characters',
      'tokens_used=42',
      'the token expired',
      'keyboard: us',
    ],
  },
  {
    detector: urlCredentialsDetector,
    truePositives: [
      ['db postgres://app:s3cret@db:5432/x', 'app:s3cret'],
      ['redis://:pw@cache:6379', ':pw'],
      ['https://user:p%40ss@example.com/', 'user:p%40ss'],
    ],
    falsePositives: [
      'https://example.com/a:b@c',
      'git@github.com:org/repo.git',
      'https://user@host/',
    ],
  },
];

describe.each(cases)('$detector.name detector', ({ detector, truePositives, falsePositives }) => {
  it.each(truePositives)('finds the secret in %j', (text, secret) => {
    expect(matches(detector, text)).toEqual([secret]);
  });

  it.each(falsePositives)('reports nothing in %j', (text) => {
    expect(matches(detector, text)).toEqual([]);
  });

  it('reports nothing in an empty string', () => {
    expect(matches(detector, '')).toEqual([]);
  });
});

describe('passesLuhn', () => {
  it('accepts valid numbers and rejects one-digit changes', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111-1111-1111-1111')).toBe(true);
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});

describe('detector scanning state', () => {
  it('gives the same answer when called twice (global regex lastIndex is reset)', () => {
    const text = 'a jane@example.com b bob@example.org';
    expect(matches(emailDetector, text)).toEqual(matches(emailDetector, text));
    expect(matches(emailDetector, text)).toHaveLength(2);
  });
});
