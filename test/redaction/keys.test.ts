import { describe, expect, it } from 'vitest';
import { createRedactor, splitKeySegments } from '../../src/core/redaction/index.js';

describe('splitKeySegments', () => {
  it.each([
    ['apiKey', ['api', 'key']],
    ['API_KEY', ['api', 'key']],
    ['api-key', ['api', 'key']],
    ['APIKey', ['api', 'key']],
    ['X-Auth-Token', ['x', 'auth', 'token']],
    ['password2', ['password', '2']],
    ['oauth2Token', ['oauth', '2', 'token']],
    ['http.request.header.authorization', ['http', 'request', 'header', 'authorization']],
    ['', []],
    ['--', []],
  ])('%j → %j', (key, segments) => {
    expect(splitKeySegments(key)).toEqual(segments);
  });
});

describe('isSensitiveKey (word-segment rule)', () => {
  const redactor = createRedactor();

  it.each([
    'password',
    'PASSWORD',
    'userPassword',
    'db_passwd',
    'MYSQL_PWD',
    'secret',
    'clientSecret',
    'client_secret',
    'aws_secret_access_key',
    'token',
    'accessToken',
    'access_token',
    'accesstoken',
    'refresh-token',
    'id_token',
    'x-auth-token',
    'csrfToken',
    'X-XSRF-TOKEN',
    'apiKey',
    'api-key',
    'API_KEY',
    'apikey',
    'x-api-key',
    'Authorization',
    'proxy-authorization',
    'Cookie',
    'set-cookie',
    'session',
    'sessionId',
    'sessionid',
    'JSESSIONID',
    'credential',
    'credentials',
    'privateKey',
    'private_key',
    'ssn',
    'cardNumber',
    'card_number',
    'cardnumber',
    'pan',
    'cvv',
    'CVC',
    'http.request.header.authorization',
    'password2',
  ])('%j is sensitive', (key) => {
    expect(redactor.isSensitiveKey(key)).toBe(true);
  });

  it.each([
    'tokens_used',
    'tokenizer',
    'max_tokens',
    'gen_ai.usage.input_tokens',
    'span_id',
    'company',
    'keyboard',
    'key',
    'author',
    'passage',
    'secretary',
    'description',
    'state',
    'code',
    'name',
    'expand',
    '',
  ])('%j is not sensitive', (key) => {
    expect(redactor.isSensitiveKey(key)).toBe(false);
  });

  it('adds policy.keys with the same normalisation', () => {
    const custom = createRedactor({ keys: ['pin_code', 'dob'] });
    expect(custom.isSensitiveKey('userPinCode')).toBe(true);
    expect(custom.isSensitiveKey('PIN-CODE')).toBe(true);
    expect(custom.isSensitiveKey('DOB')).toBe(true);
    expect(custom.isSensitiveKey('pin')).toBe(false);
    expect(redactor.isSensitiveKey('userPinCode')).toBe(false);
  });

  it('lets policy.ignoredKeys win over built-in names, matched after normalisation', () => {
    const custom = createRedactor({ ignoredKeys: ['session_count', 'csrf'] });
    expect(custom.isSensitiveKey('sessionCount')).toBe(false);
    expect(custom.isSensitiveKey('SESSION-COUNT')).toBe(false);
    expect(custom.isSensitiveKey('csrf')).toBe(false);
    expect(custom.isSensitiveKey('csrf_token')).toBe(true);
    expect(custom.isSensitiveKey('session')).toBe(true);
  });

  it('answers false for non-string input instead of throwing', () => {
    expect(redactor.isSensitiveKey(42 as unknown as string)).toBe(false);
  });

  it('gives the same answer once the decision cache is full', () => {
    for (let i = 0; i < 5000; i++) redactor.isSensitiveKey(`field_${i}`);
    expect(redactor.isSensitiveKey('field_4999_password')).toBe(true);
    expect(redactor.isSensitiveKey('field_4999')).toBe(false);
  });
});
