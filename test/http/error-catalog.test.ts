// Problem type URIs resolve: `/problems/<code>` serves the type's public page (issue #13 item 10,
// issue #17 item 3) — HTML for browsers, JSON otherwise, never the operators' runbook.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorCatalogResponse } from '../../src/adapters/fetch/index.js';
import { errorCatalog } from '../../src/adapters/hono/index.js';
import { BusinessRuleViolationError, defineError } from '../../src/core/errors/index.js';
import { toProblem } from '../../src/core/problem/index.js';

const HostileError = defineError(BusinessRuleViolationError, {
  name: 'HostileError',
  code: 'HOSTILE_TITLE',
  title: '<img src=x onerror=alert(1)>',
  runbook: { meaning: 'internal: check the ledger db', causes: ['x'], actions: ['page ops'] },
});

describe('error catalog pages at the problem type URIs', () => {
  const app = new Hono().route('/', errorCatalog());

  it('serves the page a problem type URI names, as JSON by default', async () => {
    const type = toProblem(new HostileError('no')).type;
    expect(type).toBe('/problems/hostile-title');
    const response = await app.request(type);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({
      code: 'HOSTILE_TITLE',
      status: 422,
      title: '<img src=x onerror=alert(1)>',
      retryable: false,
    });
  });

  it('serves escaped HTML to browsers and never the runbook', async () => {
    const response = await app.request('/problems/hostile-title', {
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    const html = await response.text();
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('ledger');
    expect(html).not.toContain('page ops');
  });

  it('answers an unknown code with a 404 problem', async () => {
    const response = await app.request('/problems/no-such-code');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('is one line in a fetch handler too', async () => {
    const response = errorCatalogResponse('/problems/rate-limit-exceeded', 'application/json');
    expect(await response?.json()).toMatchObject({ status: 429, code: 'RATE_LIMIT_EXCEEDED' });
    expect(errorCatalogResponse('/users/1', null)).toBeUndefined();
  });
});
