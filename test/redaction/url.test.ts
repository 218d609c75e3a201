import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/redaction/index.js';
import { FAKE } from './helpers.js';

const redactor = createRedactor();

describe('url()', () => {
  it.each([
    // userinfo (OTel semconv spelling)
    ['https://user:pass@example.com/a', 'https://REDACTED:REDACTED@example.com/a'],
    ['https://token@example.com/a', 'https://REDACTED@example.com/a'],
    ['https://u:p@ss@example.com/', 'https://REDACTED:REDACTED@example.com/'],
    ['//user:pass@cdn.example.com/x', '//REDACTED:REDACTED@cdn.example.com/x'],
    ['postgres://app:s3cret@db:5432/app', 'postgres://REDACTED:REDACTED@db:5432/app'],
    // query parameters
    [
      'https://api.example.com/cb?code=abc&state=xyz',
      'https://api.example.com/cb?code=REDACTED&state=xyz',
    ],
    [
      'https://s3.example.com/o?X-Amz-Credential=AK%2F2024&X-Amz-Signature=deadbeef&X-Amz-Security-Token=t&x-id=GetObject',
      'https://s3.example.com/o?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED&x-id=GetObject',
    ],
    [
      'https://storage.example.com/o?X-Goog-Signature=ab&X-Goog-Credential=c&alt=media',
      'https://storage.example.com/o?X-Goog-Signature=REDACTED&X-Goog-Credential=REDACTED&alt=media',
    ],
    ['/a?b=1&sig=2&Signature=3', '/a?b=1&sig=REDACTED&Signature=REDACTED'],
    ['/login?password=hunter2&next=%2Fhome', '/login?password=REDACTED&next=%2Fhome'],
    [
      '/x?client_secret=s&apiKey=k&api_key=k&key=k&secret=s',
      '/x?client_secret=REDACTED&apiKey=REDACTED&api_key=REDACTED&key=REDACTED&secret=REDACTED',
    ],
    [
      '/x?access_token=a&refresh_token=r&id_token=i&token=t',
      '/x?access_token=REDACTED&refresh_token=REDACTED&id_token=REDACTED&token=REDACTED',
    ],
    [
      '/x?session=s&sessionId=1&zip_code=12345&tokens_used=3',
      '/x?session=REDACTED&sessionId=REDACTED&zip_code=12345&tokens_used=3',
    ],
    // encoded names are decoded before matching; the rest stays byte for byte
    [
      '/x?acc%65ss_token=a&q=hello%20world+x&e=%E2%82%AC',
      '/x?acc%65ss_token=REDACTED&q=hello%20world+x&e=%E2%82%AC',
    ],
    // bare query strings and paths
    ['token=x&a=1', 'token=REDACTED&a=1'],
    ['?token=x', '?token=REDACTED'],
    ['/a?b=1', '/a?b=1'],
    ['/plain/path', '/plain/path'],
    ['a=1&b', 'a=1&b'],
    // detectors on remaining values and on the path
    ['/u?email=jane%40example.com&x=1', '/u?email=[EMAIL]&x=1'],
    ['/u?contact=jane@example.com', '/u?contact=[EMAIL]'],
    ['/users/jane@example.com/profile', '/users/[EMAIL]/profile'],
    [`/cb?t=${FAKE.jwt}`, '/cb?t=[JWT]'],
    // fragment (OAuth implicit flow) and matrix parameters
    [
      'https://app.example.com/#access_token=abc&expires_in=3600',
      'https://app.example.com/#access_token=REDACTED&expires_in=3600',
    ],
    ['https://app.example.com/#section-2', 'https://app.example.com/#section-2'],
    ['/shop;jsessionid=ABC123?item=1', '/shop;jsessionid=REDACTED?item=1'],
    // policy-free extras: empty values, repeated params, no query
    ['/x?token=&token=b', '/x?token=REDACTED&token=REDACTED'],
    ['https://example.com', 'https://example.com'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(redactor.url(input)).toBe(expected);
  });

  it('keeps state (it is not a secret) but adds policy.queryParams', () => {
    const custom = createRedactor({ queryParams: ['ticket'] });
    expect(custom.url('/cb?ticket=T-1&state=s')).toBe('/cb?ticket=REDACTED&state=s');
  });

  it('does not redact a parameter named in ignoredKeys', () => {
    const custom = createRedactor({ ignoredKeys: ['code'] });
    expect(custom.url('/cb?code=abc&token=t')).toBe('/cb?code=abc&token=REDACTED');
  });

  it('returns a best effort for malformed input and never throws', () => {
    expect(redactor.url('%%%?token=%zz&a=%E0%A4%A')).toBe('%%%?token=REDACTED&a=%E0%A4%A');
    expect(redactor.url('http://[::1')).toBe('http://[::1');
    expect(redactor.url('https://user:pass@')).toBe('https://REDACTED:REDACTED@');
    expect(redactor.url('???&&&===')).toBe('???&&&===');
    expect(redactor.url(undefined as unknown as string)).toBe('undefined');
  });

  it('drops userinfo and sensitive parameters with action remove', () => {
    const remove = createRedactor({ action: 'remove' });
    expect(remove.url('https://u:p@example.com/cb?code=abc&state=xyz&token=t')).toBe(
      'https://example.com/cb?state=xyz',
    );
  });

  it('hmacs sensitive parameter values with action hmac (same input, same output)', () => {
    const hmac = createRedactor({ action: 'hmac', hmacKey: 'k'.repeat(32) });
    const first = hmac.url('/cb?token=abc&x=1');
    expect(first).toMatch(/^\/cb\?token=\[HMAC:[0-9a-f]{16}\]&x=1$/);
    expect(hmac.url('/cb?token=abc&x=1')).toBe(first);
    expect(hmac.url('/cb?token=abd&x=1')).not.toBe(first);
  });

  it('truncates very long URLs with a marker', () => {
    const long = `/x?a=${'b'.repeat(20_000)}`;
    const out = redactor.url(long);
    expect(out.length).toBeLessThan(17_000);
    expect(out.endsWith(`…[TRUNCATED ${long.length} chars]`)).toBe(true);
  });
});
