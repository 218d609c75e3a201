import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/redaction/index.js';
import { FAKE } from './helpers.js';

const redactor = createRedactor();

describe('headers()', () => {
  it('lower-cases names, masks credential headers and runs detectors on the rest', () => {
    expect(
      redactor.headers({
        Authorization: 'Bearer abc',
        'Proxy-Authorization': 'Basic xyz',
        Cookie: 'sid=1',
        'Set-Cookie': ['a=1', 'b=2'],
        'X-Api-Key': 'k',
        'X-Auth-Token': 't',
        'X-Forwarded-For': '203.0.113.7',
        'X-User': 'jane@example.com',
        Referer: 'https://app.example.com/cb?code=abc&state=s',
        Accept: 'application/json',
        'X-Missing': undefined,
      }),
    ).toEqual({
      authorization: '[REDACTED]',
      'proxy-authorization': '[REDACTED]',
      cookie: '[REDACTED]',
      'set-cookie': '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-auth-token': '[REDACTED]',
      'x-forwarded-for': '[IP]',
      'x-user': '[EMAIL]',
      referer: 'https://app.example.com/cb?code=REDACTED&state=s',
      accept: 'application/json',
    });
  });

  it('accepts a Headers object and iterables of pairs, joining repeated names', () => {
    const headers = new Headers({ 'Content-Type': 'text/plain', Authorization: 'x' });
    expect(redactor.headers(headers)).toEqual({
      authorization: '[REDACTED]',
      'content-type': 'text/plain',
    });
    expect(
      redactor.headers([
        ['Accept', 'text/html'],
        ['accept', 'application/json'],
        ['X-Note', `key ${FAKE.stripeLive}`],
      ]),
    ).toEqual({ accept: 'text/html, application/json', 'x-note': 'key [STRIPE_KEY]' });
  });

  it('keeps credential headers masked even when listed in ignoredKeys', () => {
    const custom = createRedactor({ ignoredKeys: ['authorization', 'x-session'] });
    expect(custom.headers({ Authorization: 'x', 'X-Session': 'abc' })).toEqual({
      authorization: '[REDACTED]',
      'x-session': 'abc',
    });
  });

  it('drops sensitive headers with action remove', () => {
    expect(createRedactor({ action: 'remove' }).headers({ Cookie: 'a', Accept: 'b' })).toEqual({
      accept: 'b',
    });
  });

  it('returns what it could read from hostile or malformed input', () => {
    function* broken(): Generator<[string, string]> {
      yield ['accept', 'text/html'];
      throw new Error('boom');
    }
    expect(redactor.headers(broken())).toEqual({ accept: 'text/html' });
    expect(redactor.headers(null as unknown as Record<string, string>)).toEqual({});
    expect(redactor.headers([['only-name'] as unknown as [string, string]])).toEqual({});
  });
});

describe('attributes()', () => {
  it('keeps IPs (semconv addresses), masks keys, redacts URLs and strings', () => {
    expect(
      redactor.attributes({
        'client.address': '203.0.113.7',
        'network.peer.address': '2001:db8::1',
        'url.full': 'https://u:p@api.example.com/x?token=t&q=1',
        'url.query': 'code=abc&state=s',
        'http.target': '/cb?access_token=a',
        'url.path': '/users/jane@example.com',
        'http.request.header.authorization': ['Bearer x'],
        'app.user_token': 'abc',
        'exception.message': `failed for jane@example.com with ${FAKE.awsKeyId}`,
        'app.tags': ['jane@example.com', 'ok'],
        'app.codes': [1, 2],
        'http.response.status_code': 500,
        'app.flag': true,
        'gen_ai.usage.input_tokens': 120,
      }),
    ).toEqual({
      'client.address': '203.0.113.7',
      'network.peer.address': '2001:db8::1',
      'url.full': 'https://REDACTED:REDACTED@api.example.com/x?token=REDACTED&q=1',
      'url.query': 'code=REDACTED&state=s',
      'http.target': '/cb?access_token=REDACTED',
      'url.path': '/users/[EMAIL]',
      'http.request.header.authorization': '[REDACTED]',
      'app.user_token': '[REDACTED]',
      'exception.message': 'failed for [EMAIL] with [AWS_KEY]',
      'app.tags': ['[EMAIL]', 'ok'],
      'app.codes': [1, 2],
      'http.response.status_code': 500,
      'app.flag': true,
      'gen_ai.usage.input_tokens': 120,
    });
  });

  it('masks IPs in attributes when attributeDetectors turns them on', () => {
    const custom = createRedactor({ attributeDetectors: { ipv4: true } });
    expect(custom.attributes({ 'client.address': '203.0.113.7' })).toEqual({
      'client.address': '[IP]',
    });
  });

  it('keeps IPs everywhere when detectors turns them off', () => {
    const custom = createRedactor({ detectors: { ipv4: false } });
    expect(custom.string('from 203.0.113.7')).toBe('from 203.0.113.7');
  });

  it('drops keys outside allowedAttributeKeys (fail closed), keeping ignored keys', () => {
    const custom = createRedactor({
      allowedAttributeKeys: ['http.route', 'user.email'],
      ignoredKeys: ['app.debug_token'],
    });
    expect(
      custom.attributes({
        'http.route': '/users/:id',
        'user.email': 'jane@example.com',
        'app.secret_sauce': 'x',
        'app.debug_token': 'visible-on-purpose',
      }),
    ).toEqual({
      'http.route': '/users/:id',
      'user.email': '[EMAIL]',
      'app.debug_token': 'visible-on-purpose',
    });
  });

  it('returns a new object and tolerates bad input', () => {
    const input = { 'app.password': 'x' };
    const out = redactor.attributes(input);
    expect(input['app.password']).toBe('x');
    expect(out).toEqual({ 'app.password': '[REDACTED]' });
    expect(redactor.attributes(null as unknown as Record<string, string>)).toEqual({});
  });
});
