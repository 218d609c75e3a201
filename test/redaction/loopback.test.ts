import { describe, expect, it } from 'vitest';
import { ipv4Detector, ipv6Detector } from '../../src/core/redaction/detectors/index.js';
import { createRedactor } from '../../src/core/redaction/index.js';
import { matches } from './helpers.js';

// Loopback is the host itself, not personal data: "listening on http://127.0.0.1:3000" must
// stay readable. Every other address, private ranges included, is masked as before.
describe('loopback addresses', () => {
  it.each([
    'listening on http://127.0.0.1:3000',
    'lo 127.255.10.1',
    'peer ::ffff:127.0.0.1 (IPv4-mapped, what a dual-stack socket reports)',
  ])('the IPv4 detector reports nothing in %j', (text) => {
    expect(matches(ipv4Detector, text)).toEqual([]);
  });

  it.each([
    'listening on http://[::1]:3000',
    'full 0:0:0:0:0:0:0:1',
    'padded 0000:0000:0000:0000:0000:0000:0000:0001',
    'mapped ::ffff:127.0.0.1',
    'mapped hex ::ffff:7f00:1',
  ])('the IPv6 detector reports nothing in %j', (text) => {
    expect(matches(ipv6Detector, text)).toEqual([]);
  });

  it('stays readable in logs; other addresses, private ones included, are masked', () => {
    const redactor = createRedactor();
    expect(redactor.string('listening on http://127.0.0.1:3000')).toBe(
      'listening on http://127.0.0.1:3000',
    );
    expect(redactor.string('listening on http://[::1]:3000')).toBe(
      'listening on http://[::1]:3000',
    );
    expect(redactor.string('peer ::ffff:127.0.0.1 and 127.8.9.10')).toBe(
      'peer ::ffff:127.0.0.1 and 127.8.9.10',
    );
    expect(redactor.string('db at 10.1.2.3, peer ::ffff:10.0.0.1, via 192.168.1.1')).toBe(
      'db at [IP], peer [IP], via [IP]',
    );
    expect(redactor.string('from 2001:db8::1, ::2, 128.0.0.1 and 126.0.0.1')).toBe(
      'from [IP], [IP], [IP] and [IP]',
    );
  });
});

describe('a text without any trigger character', () => {
  it('still goes through the detectors that need none (password=hunter)', () => {
    const redactor = createRedactor();
    expect(redactor.string('password=hunter')).toBe('password=[REDACTED]');
    expect(redactor.string('token=abc')).toBe('token=[REDACTED]');
    expect(redactor.string('GET')).toBe('GET');
  });
});

describe('the unspecified address', () => {
  it('stays readable in listening lines, IPv4 and IPv6', async () => {
    const { getDefaultRedactor } = await import('../../src/core/redaction/index.js');
    const redactor = getDefaultRedactor();
    expect(redactor.string('listening on http://0.0.0.0:3000')).toBe(
      'listening on http://0.0.0.0:3000',
    );
    expect(redactor.string('listening on [::]:3000')).toBe('listening on [::]:3000');
    expect(redactor.string('peer 2001:db8::7 and 10.0.0.1')).toBe('peer [IP] and [IP]');
  });
});
